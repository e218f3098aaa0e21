import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { GenericOperationResult } from '../common/results';
import { AccessEntryDto, AccessRuleEntry } from './dto/access-entry.dto';
import { SecretAccessRulesService } from './secret-access-rules.service';

/** Bodies are validated by the service: the bulk route takes an array, which the global pipe does not check. */
@ApiTags('secrets')
@Controller('api/v1/org/:orgName/secret/:secretName/access')
export class SecretAccessRulesController {
  constructor(private readonly rules: SecretAccessRulesService) {}

  @Get()
  @ApiOperation({ operationId: 'getSecretAccessLevel', summary: 'Team access rules of a secret' })
  @ApiOkResponse({ type: [AccessRuleEntry] })
  list(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('secretName') secretName: string,
  ): Promise<AccessRuleEntry[]> {
    return this.rules.list(p, orgName, secretName);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ operationId: 'updateSecretAccessLevel', summary: "Set one team's access level" })
  @ApiBody({
    type: AccessEntryDto,
    examples: {
      byName: { summary: 'A team of the org, by name', value: { teamName: 'developers', level: 'READER' } },
      byId: {
        summary: 'A team by id',
        value: { teamId: '00000000-0000-4000-8000-000000000000', level: 'WRITER' },
      },
      byOrgAndName: {
        summary: "By org and name, as Concord's clients send it (the secret's own org)",
        value: { orgName: 'acme', teamName: 'ops', level: 'OWNER' },
      },
    },
  })
  @ApiOkResponse({ type: GenericOperationResult })
  update(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('secretName') secretName: string,
    @Body() body: unknown,
  ): Promise<GenericOperationResult> {
    return this.rules.write(p, orgName, secretName, body, false);
  }

  @Post('bulk')
  @HttpCode(200)
  @ApiOperation({ operationId: 'updateSecretAccessLevelBulk', summary: 'Replace every team access rule' })
  @ApiBody({
    type: [AccessEntryDto],
    examples: {
      replace: {
        summary: 'Two rules instead of all the current ones',
        value: [
          { teamName: 'developers', level: 'READER' },
          { teamName: 'ops', level: 'OWNER' },
        ],
      },
      clear: { summary: 'No team rule left', value: [] },
    },
  })
  @ApiOkResponse({ type: GenericOperationResult })
  bulk(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('secretName') secretName: string,
    @Body() body: unknown,
  ): Promise<GenericOperationResult> {
    return this.rules.write(p, orgName, secretName, body, true);
  }
}
