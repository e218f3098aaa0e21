import { Controller, Get, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthService } from '../auth/auth.service';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { Public } from '../identity/public.decorator';
import { ConsoleService } from './console.service';
import { UserInfoEntry, WhoamiEntry } from './dto/console.dto';
import { SessionCookie } from './session-cookie';

@ApiTags('console')
@Controller('api/service/console')
export class ConsoleController {
  constructor(
    private readonly console: ConsoleService,
    private readonly auth: AuthService,
    private readonly cookie: SessionCookie,
  ) {}

  @Get('whoami')
  @ApiOperation({
    operationId: 'whoami',
    summary: 'Console login probe; Basic (or an API key asking for it) opens a session',
  })
  @ApiHeader({
    name: 'X-Concord-EnableSession',
    required: false,
    description: "'true' to open a session with an API key",
  })
  @ApiOkResponse({ type: WhoamiEntry })
  async whoami(
    @CurrentPrincipal() p: Principal,
    @Headers('x-concord-enablesession') enableSession: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WhoamiEntry> {
    const entry = await this.console.whoami(p);
    if (this.console.wantsSession(p, enableSession)) this.cookie.set(res, await this.auth.startSession(p));
    return entry;
  }

  @Get('userInfo')
  @ApiOperation({ operationId: 'consoleUserInfo', summary: "The caller's teams and roles" })
  @ApiOkResponse({ type: UserInfoEntry })
  userInfo(@CurrentPrincipal() p: Principal): Promise<UserInfoEntry> {
    return this.console.userInfo(p);
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ operationId: 'logout', summary: 'End the console session and clear its cookie' })
  @ApiNoContentResponse()
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.endSession(req);
    this.cookie.clear(res);
  }
}
