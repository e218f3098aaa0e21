import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { GenericOperationResult } from '../common/results';
import { AccessEntryDto } from '../secrets/dto/access-entry.dto';
import { ProjectAccessRuleEntry } from './dto/project-access.dto';
import { ProjectTeamAccessService } from './project-team-access.service';

const UNAUTHENTICATED = 'No valid API key, Basic credentials or session';
const MISSING = 'No such project (text)';
const BAD_ORG = 'No such organization (validation error array)';

/** Bodies are validated by the service: the bulk route takes an array, which the global pipe does not check. */
@ApiTags('projects')
@Controller('api/v1/org/:orgName/project/:projectName/access')
export class ProjectTeamAccessController {
  constructor(private readonly rules: ProjectTeamAccessService) {}

  @Get()
  @ApiOperation({ operationId: 'getProjectAccessLevel', summary: 'Team access levels of a project (READER)' })
  @ApiOkResponse({ type: [ProjectAccessRuleEntry] })
  @ApiBadRequestResponse({ description: BAD_ORG })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  @ApiForbiddenResponse({ description: 'The caller may not read the project' })
  @ApiNotFoundResponse({ description: MISSING })
  list(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('projectName') projectName: string,
  ): Promise<ProjectAccessRuleEntry[]> {
    return this.rules.list(p, orgName, projectName);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'updateProjectAccessLevel',
    summary: "Set one team's access level on a project (org member holding OWNER on the project)",
  })
  @ApiBody({ type: AccessEntryDto })
  @ApiOkResponse({ type: GenericOperationResult })
  @ApiBadRequestResponse({ description: 'No such organization, a bad entry, or a team not of this org' })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  @ApiForbiddenResponse({ description: 'Not a member of the org, or not OWNER of the project' })
  @ApiNotFoundResponse({ description: MISSING })
  update(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('projectName') projectName: string,
    @Body() body: unknown,
  ): Promise<GenericOperationResult> {
    return this.rules.write(p, orgName, projectName, body, false);
  }

  @Post('bulk')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'updateProjectAccessLevelBulk',
    summary: "Replace every team access level of a project (the console's Access tab)",
  })
  @ApiBody({ type: [AccessEntryDto] })
  @ApiOkResponse({ type: GenericOperationResult })
  @ApiBadRequestResponse({ description: 'No list, a bad entry, or a team not of this org' })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  @ApiForbiddenResponse({ description: 'Not a member of the org, or not OWNER of the project' })
  @ApiNotFoundResponse({ description: MISSING })
  bulk(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('projectName') projectName: string,
    @Body() body: unknown,
  ): Promise<GenericOperationResult> {
    return this.rules.write(p, orgName, projectName, body, true);
  }
}
