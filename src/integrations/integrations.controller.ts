import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { GenericOperationResult } from '../common/results';
import { IntegrationCreateDto, IntegrationCreatedResult, IntegrationEntry } from './dto/integration.dto';
import { IntegrationsService } from './integrations.service';

@ApiTags('integrations')
@Controller('api/v1/org/:orgName/integration')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ operationId: 'createIntegration', summary: 'Register a CI server (drone, drone-legacy, woodpecker)' })
  @ApiOkResponse({ type: IntegrationCreatedResult })
  create(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Body() dto: IntegrationCreateDto,
  ): Promise<IntegrationCreatedResult> {
    return this.integrations.create(p, orgName, dto);
  }

  @Get()
  @ApiOperation({ operationId: 'listIntegrations', summary: "List the org's integrations (never their tokens)" })
  @ApiOkResponse({ type: [IntegrationEntry] })
  list(@CurrentPrincipal() p: Principal, @Param('orgName') orgName: string): Promise<IntegrationEntry[]> {
    return this.integrations.list(p, orgName);
  }

  @Get(':name')
  @ApiOperation({ operationId: 'getIntegration', summary: 'Get an integration (never its token)' })
  @ApiOkResponse({ type: IntegrationEntry })
  get(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('name') name: string,
  ): Promise<IntegrationEntry> {
    return this.integrations.get(p, orgName, name);
  }

  @Delete(':name')
  @ApiOperation({ operationId: 'deleteIntegration', summary: 'Delete an integration' })
  @ApiOkResponse({ type: GenericOperationResult })
  delete(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('name') name: string,
  ): Promise<GenericOperationResult> {
    return this.integrations.delete(p, orgName, name);
  }
}
