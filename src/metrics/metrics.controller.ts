import { Controller, Get, Header, Headers } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Public } from '../identity/public.decorator';
import { Metrics } from './metrics.service';

@ApiTags('server')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  /** Public to the API-key guard; STRONGROOM_METRICS_TOKEN, when set, is checked by the metrics service. */
  @Public()
  @Get('metrics')
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'metrics',
    summary:
      'Prometheus metrics (text format); needs `Authorization: Bearer <token>` when STRONGROOM_METRICS_TOKEN is set',
  })
  @ApiHeader({ name: 'authorization', required: false, description: '`Bearer <STRONGROOM_METRICS_TOKEN>` when set' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiUnauthorizedResponse({
    description: 'STRONGROOM_METRICS_TOKEN is set and the bearer token is missing or wrong',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  scrape(@Headers('authorization') authorization?: string): Promise<string> {
    return this.metrics.scrape(authorization);
  }
}
