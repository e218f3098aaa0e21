import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Form, MultipartForm, MultipartInterceptor } from '../http/multipart';
import { parsePaging } from '../common/paging';
import { GenericOperationResult } from '../common/results';
import { HotRoute } from '../http/hot-route.decorator';
import { SshKeys } from '../crypto/ssh-keys';
import { SecretEntry } from './dto/secret-entry.dto';
import { SecretUpdateService } from './secret-update.service';
import { changesFromUpdateForm, changesFromUpdateJson } from './secret-update-body';
import { UPDATE_BODY } from './secrets.openapi';
import { SecretsService } from './secrets.service';

@ApiTags('secrets')
@Controller('api/v2/org/:orgName/secret')
export class SecretsV2Controller {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secrets: SecretsService,
    private readonly updater: SecretUpdateService,
    private readonly keys: SshKeys,
  ) {}

  @Get(':secretName')
  @HotRoute()
  @ApiOperation({ operationId: 'getSecret', summary: 'Secret metadata' })
  @ApiOkResponse({ type: SecretEntry })
  get(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('secretName') secretName: string,
  ): Promise<SecretEntry> {
    return this.secrets.get(p, orgName, secretName);
  }

  @Get()
  @ApiOperation({ operationId: 'listSecrets', summary: 'List secrets sorted by name' })
  @ApiQuery({ name: 'offset', required: false, type: Number })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'filter', required: false, type: String })
  @ApiOkResponse({ type: [SecretEntry] })
  list(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Query() query: Record<string, string | undefined>,
  ): Promise<SecretEntry[]> {
    return this.secrets.list(p, orgName, parsePaging(query));
  }

  @Post(':secretName')
  @HttpCode(200)
  @UseInterceptors(MultipartInterceptor)
  @ApiOperation({
    operationId: 'updateSecret',
    summary: 'Update a secret (multipart; or JSON, as the Concord console sends it, for everything but new data)',
    requestBody: UPDATE_BODY,
  })
  @ApiOkResponse({ type: GenericOperationResult })
  @ApiBadRequestResponse({
    description: 'No field the update reads, or a field with a bad value (named in the answer)',
  })
  update(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('secretName') secretName: string,
    @Form() form: MultipartForm,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<GenericOperationResult> {
    const max = this.config.secrets.maxDataSize;
    const changes = /^multipart\//i.test(contentType ?? '')
      ? changesFromUpdateForm(form, this.keys, max)
      : changesFromUpdateJson(body ?? {}, this.keys, max);
    return this.updater.update(p, orgName, secretName, changes);
  }
}
