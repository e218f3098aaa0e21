import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckResult } from '@nestjs/terminus';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../identity/public.decorator';
import { PingResult, VersionResult } from '../common/results';
import { ServerHealth } from './server-health.service';
import { SERVER_VERSION } from './version';

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
  @ApiOkResponse({ description: '`{"status":"ok","info":{"database":{"status":"up"}},...}`' })
  @ApiServiceUnavailableResponse({
    description: '`{"status":"error","error":{"database":{"status":"down","message":"..."}},...}`',
  })
  health(): Promise<HealthCheckResult> {
    return this.readiness.check();
  }
}
