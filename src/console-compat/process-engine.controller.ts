import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { KvCapacityEntry, LdapGroupMappingEntry, UserActivityEntry } from './dto/process-engine.dto';
import { ProcessEngineService } from './process-engine.service';

const UNAUTHENTICATED = 'No valid API key, Basic credentials or session';
const NO_ORG = 'No such organization (validation error array)';
const NOT_READER = 'The caller may not read the project';
const NO_PROJECT = 'No such project (text)';
const EMPTY_LIST = { type: 'array', items: { type: 'object' }, maxItems: 0 } as const;

/** The empty answers of Concord's process-engine and LDAP pages (see ProcessEngineService). */
@ApiTags('console')
@Controller('api')
export class ProcessEngineController {
  constructor(private readonly engine: ProcessEngineService) {}

  @Get('v1/org/:orgName/project/:projectName/kv/capacity')
  @ApiOperation({ operationId: 'getProjectKvCapacity', summary: "A project's KV store usage: always empty here" })
  @ApiOkResponse({ type: KvCapacityEntry })
  @ApiBadRequestResponse({ description: NO_ORG })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  @ApiForbiddenResponse({ description: NOT_READER })
  @ApiNotFoundResponse({ description: NO_PROJECT })
  kvCapacity(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('projectName') projectName: string,
  ): Promise<KvCapacityEntry> {
    return this.engine.kvCapacity(p, orgName, projectName);
  }

  @Get('v1/org/:orgName/project/:projectName/repository')
  @ApiOperation({ operationId: 'listProjectRepositories', summary: "A project's repositories: none here" })
  @ApiOkResponse({ schema: EMPTY_LIST })
  @ApiBadRequestResponse({ description: NO_ORG })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  @ApiForbiddenResponse({ description: NOT_READER })
  @ApiNotFoundResponse({ description: NO_PROJECT })
  repositories(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('projectName') projectName: string,
  ): Promise<never[]> {
    return this.engine.repositories(p, orgName, projectName);
  }

  @Get('v2/trigger')
  @ApiOperation({
    operationId: 'listTriggers',
    summary: 'Process triggers: none here (filters are accepted and ignored)',
  })
  @ApiQuery({ name: 'orgName', required: false, type: String })
  @ApiQuery({ name: 'projectName', required: false, type: String })
  @ApiOkResponse({ schema: EMPTY_LIST })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  triggers(): never[] {
    return [];
  }

  @Get('v2/process')
  @ApiOperation({ operationId: 'listProcesses', summary: 'Processes: none here (filters are accepted and ignored)' })
  @ApiQuery({ name: 'orgName', required: false, type: String })
  @ApiQuery({ name: 'projectName', required: false, type: String })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'offset', required: false, type: Number })
  @ApiOkResponse({ schema: EMPTY_LIST })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  processes(): never[] {
    return [];
  }

  @Get('v2/service/console/user/activity')
  @ApiOperation({ operationId: 'userActivity', summary: "The console's landing page: no processes here" })
  @ApiQuery({ name: 'maxOwnProcesses', required: false, type: Number })
  @ApiOkResponse({ type: UserActivityEntry })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  activity(): UserActivityEntry {
    return this.engine.activity();
  }

  @Get('v1/org/:orgName/team/:teamName/ldapGroups')
  @ApiOperation({
    operationId: 'listTeamLdapGroups',
    summary: "A team's LDAP groups (org members): none, no LDAP here",
  })
  @ApiOkResponse({ type: [LdapGroupMappingEntry] })
  @ApiBadRequestResponse({ description: 'No such organization or team (validation error array)' })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  @ApiForbiddenResponse({ description: 'Not a member of the org' })
  ldapGroups(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('teamName') teamName: string,
  ): Promise<never[]> {
    return this.engine.ldapGroups(p, orgName, teamName);
  }
}
