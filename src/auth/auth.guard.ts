import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthService } from './auth.service';
import type { AuthedRequest } from '../identity/current-principal.decorator';
import { IS_PUBLIC } from '../identity/public.decorator';

/** The one global guard: every route needs a principal unless it is marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    if (isPublic) {
      // Public routes never fail on a bad credential, but still see a good one.
      req.principal = await this.auth.authenticate(req).catch(() => undefined);
      return true;
    }
    req.principal = await this.auth.require(req);
    return true;
  }
}
