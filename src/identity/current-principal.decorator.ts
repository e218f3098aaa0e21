import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { Unauthenticated } from '../common/errors';
import type { Principal } from './principal';

export type AuthedRequest = Request & { principal?: Principal };

/** Reads the principal the guard set (exported so the hot routes can recognise the decorator). */
export function principalOf(_: unknown, ctx: ExecutionContext): Principal {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new Unauthenticated();
  return principal;
}

/** The authenticated caller; the guard has already refused requests without one. */
export const CurrentPrincipal = createParamDecorator(principalOf);
