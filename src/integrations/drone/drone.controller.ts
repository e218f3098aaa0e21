import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../identity/public.decorator';
import { DroneLegacySecret, DroneService } from './drone.service';

/**
 * Drone's secret protocols. Public to the API-key guard: each route checks its own credential (URL
 * token or HMAC signature) before anything else.
 */
@ApiExcludeController()
@Controller('api/ext')
export class DroneController {
  constructor(private readonly drone: DroneService) {}

  @Public()
  @Post('drone-legacy/:id/:token')
  @HttpCode(200)
  legacy(@Param('id') id: string, @Param('token') token: string, @Body() body: unknown): Promise<DroneLegacySecret[]> {
    return this.drone.legacy(id, token, body);
  }

  @Public()
  @Post('drone/:id')
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
