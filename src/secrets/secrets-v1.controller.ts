import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { Form, MultipartForm, MultipartInterceptor } from '../http/multipart';
import { parsePaging } from '../common/paging';
import { GenericOperationResult } from '../common/results';
import { HotRoute } from '../http/hot-route.decorator';
import { PublicKeyResult, SecretCreatedResult, SecretEntry } from './dto/secret-entry.dto';
import { SecretUpdateV1Dto } from './dto/secret-update-v1.dto';
import { changesFromV1 } from './secret-changes';
import { SecretCreateService } from './secret-create.service';
import { SecretDataService } from './secret-data.service';
import { SecretUpdateService } from './secret-update.service';
import { sendSecretValue } from './secret-value-response';
import { CREATE_EXAMPLES, CREATE_FORM, DATA_EXAMPLES, DATA_FORM, MultipartBody } from './secrets.openapi';
import { SecretsService } from './secrets.service';

@ApiTags('secrets')
@Controller('api/v1/org/:orgName/secret')
export class SecretsV1Controller {
  constructor(
    private readonly secrets: SecretsService,
    private readonly creator: SecretCreateService,
    private readonly updater: SecretUpdateService,
    private readonly data: SecretDataService,
  ) {}

  @Post()
  @HotRoute()
  @HttpCode(200)
  @UseInterceptors(MultipartInterceptor)
  @MultipartBody(CREATE_FORM, true, CREATE_EXAMPLES)
  @ApiOperation({ operationId: 'createSecret', summary: 'Create a secret (multipart)' })
  @ApiOkResponse({ type: SecretCreatedResult })
  create(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Form() form: MultipartForm,
  ): Promise<SecretCreatedResult> {
    return this.creator.create(p, orgName, form);
  }

  @Post(':secretName')
  @HttpCode(200)
  @ApiOperation({ operationId: 'updateSecretV1', summary: 'Update a secret (JSON; deprecated, use v2)' })
  @ApiOkResponse({ type: GenericOperationResult })
  update(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('secretName') secretName: string,
    @Body() dto: SecretUpdateV1Dto,
  ): Promise<GenericOperationResult> {
    return this.updater.update(p, orgName, secretName, changesFromV1(dto));
  }

  @Get(':secretName')
  @HotRoute()
  @ApiOperation({ operationId: 'getSecretV1', summary: 'Secret metadata (deprecated, same as v2)' })
  @ApiOkResponse({ type: SecretEntry })
  get(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('secretName') secretName: string,
  ): Promise<SecretEntry> {
    return this.secrets.get(p, orgName, secretName);
  }

  @Post(':secretName/data')
  @HotRoute()
  @HttpCode(200)
  @UseInterceptors(MultipartInterceptor)
  @MultipartBody(DATA_FORM, false, DATA_EXAMPLES)
  @ApiProduces('application/octet-stream')
  @ApiOperation({
    operationId: 'getSecretData',
    summary: 'Decrypted value: octet-stream with X-Concord-SecretType, in the byte layout of Concord',
  })
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async readData(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('secretName') secretName: string,
    @Form() form: MultipartForm,
    @Res() res: ServerResponse,
  ): Promise<void> {
    sendSecretValue(res, await this.data.read(p, orgName, secretName, form.payloadText('storePassword')));
  }

  @Get(':secretName/public')
  @ApiOperation({ operationId: 'getPublicKey', summary: 'Public key of a KEY_PAIR secret' })
  @ApiOkResponse({ type: PublicKeyResult })
  publicKey(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('secretName') secretName: string,
  ): Promise<PublicKeyResult> {
    return this.data.publicKey(p, orgName, secretName);
  }

  @Get()
  @ApiOperation({ operationId: 'list', summary: 'List secrets sorted by name (deprecated, same as v2)' })
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

  @Delete(':secretName')
  @ApiOperation({ operationId: 'delete', summary: 'Delete a secret' })
  @ApiOkResponse({ type: GenericOperationResult })
  delete(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('secretName') secretName: string,
  ): Promise<GenericOperationResult> {
    return this.secrets.delete(p, orgName, secretName);
  }
}
