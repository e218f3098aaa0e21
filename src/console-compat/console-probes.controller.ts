import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { CreatableKind } from '../access/create-policy';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { ConsoleProbesService } from './console-probes.service';

const UNAUTHENTICATED = 'No valid API key, Basic credentials or session';
const ORG_PROBLEM = "'orgName' missing, or no such organization (validation error array)";

/**
 * The console's yes/no questions. Each route answers a bare JSON boolean; Nest would send `true`
 * as text/html, hence the explicit content type and the string body. The canCreate paths are
 * literal, one per kind the console asks about, so that they never shadow `/api/v1/org/{org}` or
 * `/api/v1/user/{username}`.
 */
@ApiTags('console')
@Controller('api')
export class ConsoleProbesController {
  constructor(private readonly probes: ConsoleProbesService) {}

  @Get('v1/SECRET/canCreate')
  @Header('Content-Type', 'application/json')
  @ApiOperation({ operationId: 'canCreateSecret', summary: 'May the caller create secrets in the org (org members)' })
  @ApiQuery({ name: 'orgName', required: true, type: String })
  @ApiOkResponse({ type: Boolean })
  @ApiBadRequestResponse({ description: ORG_PROBLEM })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  canCreateSecret(@CurrentPrincipal() p: Principal, @Query('orgName') orgName?: string): Promise<string> {
    return this.canCreate(p, orgName, 'SECRET');
  }

  @Get('v1/PROJECT/canCreate')
  @Header('Content-Type', 'application/json')
  @ApiOperation({ operationId: 'canCreateProject', summary: 'May the caller create projects in the org (org members)' })
  @ApiQuery({ name: 'orgName', required: true, type: String })
  @ApiOkResponse({ type: Boolean })
  @ApiBadRequestResponse({ description: ORG_PROBLEM })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  canCreateProject(@CurrentPrincipal() p: Principal, @Query('orgName') orgName?: string): Promise<string> {
    return this.canCreate(p, orgName, 'PROJECT');
  }

  @Get('v1/TEAM/canCreate')
  @Header('Content-Type', 'application/json')
  @ApiOperation({
    operationId: 'canCreateTeam',
    summary: "May the caller create teams in the org (admin, org owner, OWNER of one of the org's teams)",
  })
  @ApiQuery({ name: 'orgName', required: true, type: String })
  @ApiOkResponse({ type: Boolean })
  @ApiBadRequestResponse({ description: ORG_PROBLEM })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  canCreateTeam(@CurrentPrincipal() p: Principal, @Query('orgName') orgName?: string): Promise<string> {
    return this.canCreate(p, orgName, 'TEAM');
  }

  @Get('v1/JSON_STORE/canCreate')
  @Header('Content-Type', 'application/json')
  @ApiOperation({ operationId: 'canCreateJsonStore', summary: 'Always false: this server keeps no JSON stores' })
  @ApiQuery({ name: 'orgName', required: true, type: String })
  @ApiOkResponse({ type: Boolean })
  @ApiBadRequestResponse({ description: ORG_PROBLEM })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  canCreateJsonStore(@CurrentPrincipal() p: Principal, @Query('orgName') orgName?: string): Promise<string> {
    return this.canCreate(p, orgName, 'JSON_STORE');
  }

  @Get('service/console/org/:orgName/team/:teamName/exists')
  @Header('Content-Type', 'application/json')
  @ApiOperation({ operationId: 'teamExists', summary: 'Console probe: does the team exist (false for non-members)' })
  @ApiOkResponse({ type: Boolean })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  async teamExists(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('teamName') teamName: string,
  ): Promise<string> {
    return JSON.stringify(await this.probes.teamExists(p, orgName, teamName));
  }

  @Get('service/console/org/:orgName/project/:projectName/exists')
  @Header('Content-Type', 'application/json')
  @ApiOperation({
    operationId: 'projectExists',
    summary: 'Console probe: does the project exist (false for non-members)',
  })
  @ApiOkResponse({ type: Boolean })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  async projectExists(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('projectName') projectName: string,
  ): Promise<string> {
    return JSON.stringify(await this.probes.projectExists(p, orgName, projectName));
  }

  @Get('service/console/apikey/:name/exists')
  @Header('Content-Type', 'application/json')
  @ApiOperation({ operationId: 'apiKeyExists', summary: 'Console probe: does the caller have an API key of that name' })
  @ApiOkResponse({ type: Boolean })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  async apiKeyExists(@CurrentPrincipal() p: Principal, @Param('name') name: string): Promise<string> {
    return JSON.stringify(await this.probes.apiKeyExists(p, name));
  }

  private async canCreate(p: Principal, orgName: string | undefined, kind: CreatableKind): Promise<string> {
    return JSON.stringify(await this.probes.canCreate(p, orgName, kind));
  }
}
