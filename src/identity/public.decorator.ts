import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';

export const IS_PUBLIC = 'strongroom:isPublic';

/**
 * Marks a route as reachable without credentials. Every other route is guarded by AuthGuard. The
 * route's operation in openapi.yaml says so too (`security: []`), so a generated client sends nothing.
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiSecurity(NO_CREDENTIALS));

/** The empty security requirement `{}`: an operation carrying only it needs no credentials. */
const NO_CREDENTIALS = {} as unknown as string;
