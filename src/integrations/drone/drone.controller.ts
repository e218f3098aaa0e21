import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiProduces, ApiResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../identity/public.decorator';
import { CiOperation, DRONE_LEGACY_SECRET, DRONE_REQUEST, DRONE_SECRET, JsonAnswer, JsonBody } from '../ci.openapi';
import { DroneLegacySecret, DroneService } from './drone.service';

/**
 * Drone's secret protocols. Public to the API-key guard: each route checks its own credential (URL
 * token or HMAC signature) before anything else.
 */
@Controller('api/ext')
export class DroneController {
  constructor(private readonly drone: DroneService) {}

  @Public()
  @Post('drone-legacy/:id/:token')
  @HttpCode(200)
  @CiOperation('droneLegacySecrets', "Drone 0.8's global secrets endpoint: the URL's token is the credential")
  @ApiParam({ name: 'token', description: "The integration's token, shown once when it was created" })
  @JsonBody({
    type: 'object',
    required: ['build'],
    properties: {
      repo: { type: 'object', additionalProperties: true },
      build: { type: 'object', required: ['event'], properties: { event: { type: 'string' } } },
    },
  })
  @JsonAnswer(200, { type: 'array', items: DRONE_LEGACY_SECRET }, "The secrets this build's event may read")
  legacy(@Param('id') id: string, @Param('token') token: string, @Body() body: unknown): Promise<DroneLegacySecret[]> {
    return this.drone.legacy(id, token, body);
  }

  @Public()
  @Post('drone/:id')
  @CiOperation('droneSecret', "Drone 1.x's secret extension: one secret for one build", 'droneSignature')
  @JsonBody(DRONE_REQUEST)
  @ApiProduces('application/json', 'application/octet-stream')
  @ApiResponse({
    status: 200,
    description: 'The secret; AES-GCM sealed with the token (`Content-Encoding: aesgcm`) when the runner asks',
    content: {
      'application/json': { schema: DRONE_SECRET },
      'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
    },
  })
  async extension(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const answer = await this.drone.extension(req, id);
    if (answer.status === 404) {
      res.status(404).type('text/plain').send('secret not found');
    } else if ('encrypted' in answer) {
      res.status(200).setHeader('Content-Encoding', 'aesgcm');
      res.type('application/octet-stream').send(answer.encrypted);
    } else {
      res.status(200).json(answer.json);
    }
  }
}
