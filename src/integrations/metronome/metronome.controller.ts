import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../../identity/current-principal.decorator';
import type { Principal } from '../../identity/principal';
import { MetronomeService, ResolvedJobSecrets } from './metronome.service';

@ApiTags('integrations')
@Controller('api/v1/org/:orgName/secret-refs')
export class MetronomeController {
  constructor(private readonly metronome: MetronomeService) {}

  @Post('resolve')
  @ApiOperation({
    operationId: 'resolveSecretRefs',
    summary: 'Resolve the secret references of a Metronome job definition (env values and files)',
  })
  @ApiResponse({ status: 200, description: '{env: {VAR: value}, files: [{containerPath, data (base64), mode}]}' })
  @ApiResponse({ status: 422, description: "Metronome's validation answer: {message, details: [{path, errors}]}" })
  async resolve(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ResolvedJobSecrets | { message: string; details: unknown }> {
    const outcome = await this.metronome.resolve(p, orgName, body);
    if (outcome.ok) {
      res.status(200);
      return outcome.result;
    }
    res.status(422);
    return { message: 'Object is not valid', details: outcome.details };
  }
}
