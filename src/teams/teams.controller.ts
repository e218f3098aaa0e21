import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { CreateOrUpdateResult, GenericOperationResult, OkResult } from '../common/results';
import { ArrayBodyPipe } from './array-body.pipe';
import { TeamEntry, TeamUpsertDto, TeamUserEntry, TeamUserUpdateDto } from './dto/team.dto';
import { TeamMembersService } from './team-members.service';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@Controller('api/v1/org/:orgName/team')
export class TeamsController {
  constructor(
    private readonly teams: TeamsService,
    private readonly members: TeamMembersService,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ operationId: 'createOrUpdateTeam', summary: 'Create a team, or update it when id or name exists' })
  @ApiOkResponse({ type: CreateOrUpdateResult })
  createOrUpdate(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Body() dto: TeamUpsertDto,
  ): Promise<CreateOrUpdateResult> {
    return this.teams.createOrUpdate(p, orgName, dto);
  }

  @Get()
  @ApiOperation({ operationId: 'listTeams', summary: "List the org's teams, sorted by name" })
  @ApiOkResponse({ type: [TeamEntry] })
  list(@Param('orgName') orgName: string): Promise<TeamEntry[]> {
    return this.teams.list(orgName);
  }

  @Get(':teamName')
  @ApiOperation({ operationId: 'getTeam', summary: 'Get a team (org members)' })
  @ApiOkResponse({ type: TeamEntry })
  get(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('teamName') teamName: string,
  ): Promise<TeamEntry> {
    return this.teams.get(p, orgName, teamName);
  }

  @Delete(':teamName')
  @ApiOperation({ operationId: 'deleteTeam', summary: 'Delete a team (team OWNER, org owner or admin)' })
  @ApiOkResponse({ type: GenericOperationResult })
  delete(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('teamName') teamName: string,
  ): Promise<GenericOperationResult> {
    return this.teams.delete(p, orgName, teamName);
  }

  @Get(':teamName/users')
  @ApiOperation({ operationId: 'listTeamUsers', summary: "List a team's members, sorted by username" })
  @ApiOkResponse({ type: [TeamUserEntry] })
  listUsers(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('teamName') teamName: string,
  ): Promise<TeamUserEntry[]> {
    return this.members.list(p, orgName, teamName);
  }

  @Put(':teamName/users')
  @ApiOperation({ operationId: 'addTeamUsers', summary: 'Add or re-role team members (team MAINTAINER+)' })
  @ApiQuery({ name: 'replace', required: false, type: Boolean, description: 'Remove all direct members first' })
  @ApiBody({ type: [TeamUserUpdateDto] })
  @ApiOkResponse({ type: OkResult })
  addUsers(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('teamName') teamName: string,
    @Body(new ArrayBodyPipe(TeamUserUpdateDto)) users: TeamUserUpdateDto[],
    @Query('replace') replace?: string,
  ): Promise<OkResult> {
    return this.members.add(p, orgName, teamName, users, replace?.toLowerCase() === 'true');
  }

  @Delete(':teamName/users')
  @ApiOperation({ operationId: 'removeTeamUsers', summary: 'Remove team members by username (team MAINTAINER+)' })
  @ApiBody({ type: [String], description: 'Usernames; unknown names are skipped' })
  @ApiOkResponse({ type: OkResult })
  removeUsers(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('teamName') teamName: string,
    @Body(new ArrayBodyPipe(String)) usernames: string[],
  ): Promise<OkResult> {
    return this.members.remove(p, orgName, teamName, usernames);
  }
}
