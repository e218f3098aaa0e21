import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { PingResult, VersionResult } from '../common/results';
import { SERVER_VERSION } from './version';

@ApiTags('server')
@Controller('api/v1/server')
export class ServerController {
  @Public()
  @Get('ping')
  @ApiOperation({ operationId: 'ping', summary: 'Liveness probe (anonymous)' })
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
}
