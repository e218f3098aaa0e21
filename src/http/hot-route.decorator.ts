import { SetMetadata } from '@nestjs/common';

export const HOT_ROUTE = 'strongroom:hot-route';

/**
 * Marks a Nest handler that the fast path (src/hot-routes/) also serves, straight from the HTTP server.
 * The controller stays the one declaration of the route: the fast path reads its path, method, status
 * and arguments from Nest's own metadata at boot and calls this very handler. The server refuses to
 * start if the handler (or the app) gains a guard, pipe, interceptor, filter or middleware that the fast
 * path does not reproduce.
 */
export const HotRoute = (): MethodDecorator => SetMetadata(HOT_ROUTE, true);
