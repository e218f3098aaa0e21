import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../../identity/current-principal.decorator';
import type { Principal } from '../../identity/principal';
import { JsonAnswer } from '../ci.openapi';
import { INVALID_JOB, METRONOME_EXAMPLES, METRONOME_JOB, RESOLVED } from './metronome.openapi';
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
  @ApiBody({ schema: METRONOME_JOB, examples: METRONOME_EXAMPLES })
  @JsonAnswer(200, RESOLVED, "Every reference resolved with the caller's own rights")
  @JsonAnswer(422, INVALID_JOB, "Metronome's validation answer: nothing is resolved when one reference fails")
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
