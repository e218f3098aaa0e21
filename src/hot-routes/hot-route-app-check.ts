import { ValidationPipe } from '@nestjs/common';
import { ApplicationConfig } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express } from 'express';
import { AuthGuard } from '../auth/auth.guard';
import { HttpExceptionFilter } from '../http/http-exception.filter';
import { HotRouteEntry, HotRouteRefused } from './hot-route-table';

interface Layer {
  handle: unknown;
  route?: { path?: unknown };
  match(path: string): boolean;
}

/**
 * What the whole app adds around every route, checked against what the fast path reproduces: the one
 * global guard (AuthGuard, whose rule `AuthService.require` the fast path applies), the global
 * ValidationPipe (a no-op on the string path parameters and custom arguments hot handlers may take),
 * the one error filter (the fast path writes errors with the same function). Anything else (another
 * global guard, pipe, interceptor or filter, a request-scoped one, a global prefix, or Nest or Express
 * middleware before the routes that would see a hot path) would be skipped by the fast path, so the
 * server refuses to start.
 */
export function checkAppAroundHotRoutes(
  app: NestExpressApplication,
  routes: readonly HotRouteEntry[],
  knownMiddleware: readonly unknown[],
): void {
  const refuse = (what: string) => new HotRouteRefused(`the app has ${what} that the hot routes do not reproduce`);
  const config = applicationConfigOf(app);
  if (config.getGlobalGuards().some((g) => !(g instanceof AuthGuard))) throw refuse('a global guard');
  if (config.getGlobalPipes().some((p) => !(p instanceof ValidationPipe))) throw refuse('a global pipe');
  if (config.getGlobalInterceptors().length > 0) throw refuse('a global interceptor');
  if (config.getGlobalFilters().some((f) => !(f instanceof HttpExceptionFilter))) throw refuse('a global filter');
  const requestScoped = [
    ...config.getGlobalRequestGuards(),
    ...config.getGlobalRequestPipes(),
    ...config.getGlobalRequestInterceptors(),
    ...config.getGlobalRequestFilters(),
  ];
  if (requestScoped.length > 0) throw refuse('a request-scoped global enhancer');
  if (config.getGlobalPrefix()) throw refuse('a global prefix');
  const samples = routes.map((r) => r.template.replace(/:\w+/g, 'x'));
  const templates = new Set(routes.map((r) => r.template));
  for (const layer of layersOf(app.getHttpAdapter().getInstance())) {
    if (layer.route) {
      if (templates.has(String(layer.route.path))) break; // what follows a hot route's layer never runs before it
      continue;
    }
    if (knownMiddleware.includes(layer.handle)) continue;
    if (samples.some((path) => layer.match(path))) throw refuse('middleware before the routes');
  }
}

/** The middleware Express runs so far (Nest's adapter adds its own hooks when the app is created). */
export function middlewareOf(express: Express): unknown[] {
  return layersOf(express)
    .filter((layer) => !layer.route)
    .map((layer) => layer.handle);
}

function layersOf(express: Express): Layer[] {
  return (express as unknown as { router?: { stack?: Layer[] } }).router?.stack ?? [];
}

/** Nest keeps the app's global enhancers in an ApplicationConfig it does not expose; fail closed if that changes. */
function applicationConfigOf(app: NestExpressApplication): ApplicationConfig {
  const config = (app as unknown as { config?: unknown }).config;
  if (!(config instanceof ApplicationConfig)) {
    throw new HotRouteRefused('the hot routes cannot read the global enhancers of this Nest version');
  }
  return config;
}
