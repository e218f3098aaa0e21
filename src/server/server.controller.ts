import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckResult } from '@nestjs/terminus';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../identity/public.decorator';
import { PingResult, VersionResult } from '../common/results';
import { ServerHealth } from './server-health.service';
import { SERVER_VERSION } from './version';

/** @nestjs/terminus's HealthCheckResult: each check by name, `{status: up|down, message?}`. */
const checks = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
    additionalProperties: true,
  },
};
const HEALTH_RESULT = {
  type: 'object',
  required: ['status', 'details'],
  properties: {
    status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
    info: checks,
    error: checks,
    details: checks,
  },
  example: { status: 'ok', info: { database: { status: 'up' } }, error: {}, details: { database: { status: 'up' } } },
};

@ApiTags('server')
@Controller('api/v1/server')
export class ServerController {
  constructor(private readonly readiness: ServerHealth) {}

  @Public()
  @Get('ping')
  @ApiOperation({ operationId: 'ping', summary: 'Liveness probe (anonymous): answers without touching the database' })
  @ApiOkResponse({ type: PingResult })
  ping(): PingResult {
    return { ok: true };
  }

  @Public()
  @Get('version')
  @ApiOperation({ operationId: 'version', summary: 'Server version (anonymous)' })
  @ApiOkResponse({ type: VersionResult })
  version(): VersionResult {
    return { ok: true, version: SERVER_VERSION, env: process.env.NODE_ENV ?? 'production' };
  }

  @Public()
  @Get('health')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({
    operationId: 'health',
    summary: 'Readiness probe (anonymous): 200 when the database answers within the health timeout, else 503',
  })
  @ApiOkResponse({ description: 'The database answers', schema: HEALTH_RESULT })
  @ApiServiceUnavailableResponse({
    description: 'The database does not answer in time; `error` names the failed check',
    schema: HEALTH_RESULT,
  })
  health(): Promise<HealthCheckResult> {
    return this.readiness.check();
  }
}
