import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { SecretStoreEntry } from './dto/secret-entry.dto';
import { SecretsService } from './secrets.service';

@ApiTags('secrets')
@Controller()
export class SecretStoresController {
  constructor(private readonly secrets: SecretsService) {}

  @Get('api/v1/secret/store')
  @ApiOperation({ operationId: 'listActiveStores', summary: 'Enabled secret stores' })
  @ApiOkResponse({ type: [SecretStoreEntry] })
  stores(): SecretStoreEntry[] {
    return this.secrets.stores();
  }

  @Get('api/service/console/org/:orgName/secret/:secretName/exists')
  @Header('Content-Type', 'application/json')
  @ApiOperation({
    operationId: 'secretExists',
    summary: 'Console probe: does the secret exist (false for non-members)',
  })
  @ApiOkResponse({ type: Boolean })
  exists(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('secretName') secretName: string,
  ): Promise<string> {
    // A bare JSON boolean: Nest would send `true` as text/html.
    return this.secrets.exists(p, orgName, secretName).then((found) => JSON.stringify(found));
  }
}
