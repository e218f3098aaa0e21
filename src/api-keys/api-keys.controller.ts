import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { GenericOperationResult } from '../common/results';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyEntry, CreateApiKeyDto, CreateApiKeyResult } from './dto/api-key.dto';

@ApiTags('api keys')
@Controller()
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post('api/v1/apikey')
  @HttpCode(200)
  @ApiOperation({ operationId: 'createApiKey', summary: 'Create an API key; the response is the only copy of it' })
  @ApiOkResponse({ type: CreateApiKeyResult })
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateApiKeyDto): Promise<CreateApiKeyResult> {
    return this.keys.create(p, dto, 'v1');
  }

  @Post('api/v2/apikey')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'createOrUpdateApiKey',
    summary: 'Create an API key, or give the named key a new value',
  })
  @ApiOkResponse({ type: CreateApiKeyResult })
  createOrUpdate(@CurrentPrincipal() p: Principal, @Body() dto: CreateApiKeyDto): Promise<CreateApiKeyResult> {
    return this.keys.create(p, dto, 'v2');
  }

  @Get('api/v1/apikey')
  @ApiOperation({ operationId: 'listApiKeys', summary: "List the caller's keys (admins: any user's), by name" })
  @ApiQuery({ name: 'userId', required: false, type: String, format: 'uuid' })
  @ApiOkResponse({ type: [ApiKeyEntry] })
  list(@CurrentPrincipal() p: Principal, @Query('userId') userId?: string): Promise<ApiKeyEntry[]> {
    return this.keys.list(p, userId);
  }

  @Delete('api/v1/apikey/:id')
  @ApiOperation({ operationId: 'deleteApiKey', summary: 'Delete an API key (its owner or an admin)' })
  @ApiOkResponse({ type: GenericOperationResult })
  delete(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<GenericOperationResult> {
    return this.keys.delete(p, id);
  }
}
