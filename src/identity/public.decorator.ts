import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'strongroom:isPublic';

/** Marks a route as reachable without credentials. Every other route is guarded by AuthGuard. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
