import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { parsePaging } from '../common/paging';
import { CreateOrUpdateResult, GenericOperationResult } from '../common/results';
import { OrgEntry, OrgUpsertDto } from './dto/org.dto';
import { OrgsService } from './orgs.service';

@ApiTags('organizations')
@Controller('api/v1/org')
export class OrgsController {
  constructor(private readonly orgs: OrgsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ operationId: 'createOrUpdateOrg', summary: 'Create an org, or update it when id or name exists' })
  @ApiOkResponse({ type: CreateOrUpdateResult })
  createOrUpdate(@CurrentPrincipal() p: Principal, @Body() dto: OrgUpsertDto): Promise<CreateOrUpdateResult> {
    return this.orgs.createOrUpdate(p, dto);
  }

  @Get()
  @ApiOperation({ operationId: 'listOrgs', summary: 'List visible orgs, sorted by name' })
  @ApiQuery({ name: 'onlyCurrent', required: false, type: Boolean })
  @ApiQuery({ name: 'offset', required: false, type: Number })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'filter', required: false, type: String })
  @ApiOkResponse({ type: [OrgEntry] })
  list(@CurrentPrincipal() p: Principal, @Query() query: Record<string, string | undefined>): Promise<OrgEntry[]> {
    return this.orgs.list(p, parsePaging(query), query.onlyCurrent?.toLowerCase() === 'true');
  }

  @Get(':orgName')
  @ApiOperation({ operationId: 'getOrg', summary: 'Get an org by name' })
  @ApiOkResponse({ type: OrgEntry })
  get(@CurrentPrincipal() p: Principal, @Param('orgName') orgName: string): Promise<OrgEntry> {
    return this.orgs.get(p, orgName);
  }

  @Delete(':orgName')
  @ApiOperation({ operationId: 'deleteOrg', summary: 'Delete an org (admin; needs confirmation=yes)' })
  @ApiQuery({ name: 'confirmation', required: true, type: String })
  @ApiOkResponse({ type: GenericOperationResult })
  delete(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Query('confirmation') confirmation?: string,
  ): Promise<GenericOperationResult> {
    return this.orgs.delete(p, orgName, confirmation);
  }
}
