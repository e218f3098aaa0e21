import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IS_PUBLIC } from '../../src/identity/public.decorator';
import { useTestApp } from '../helpers/test-app';

/**
 * Every route is guarded by the global AuthGuard unless it is marked @Public(), and the
 * public ones are a deliberate, short list. Adding a public route means adding it here, in review.
 */
const DELIBERATELY_PUBLIC = new Set([
  'GET /api/v1/server/ping',
  'GET /api/v1/server/version',
  // Readiness for load balancers and orchestrators; it says only whether the database answers.
  'GET /api/v1/server/health',
  // Prometheus scrapes anonymously unless STRONGROOM_METRICS_TOKEN is set, which the metrics service checks.
  'GET /metrics',
  // Logging out needs no credentials: it only clears the caller's own session cookie.
  'POST /api/service/console/logout',
]);

/**
 * CI adapters (spec/ci-adapters.md) speak their CI system's protocol: they bypass the API-key guard and
 * check their own credential (URL token, HMAC or Ed25519 signature) first. Unsigned calls must fail.
 */
const OWN_CREDENTIAL_PREFIXES = ['/api/ext/'];

function checksOwnCredential(path: string): boolean {
  return OWN_CREDENTIAL_PREFIXES.some((prefix) => path.startsWith(prefix));
}

/** Served by SwaggerModule straight on Express (outside Nest's guards): the API reference is public. */
const PUBLIC_DOCS_PREFIX = '/api/docs';

interface NestRoute {
  key: string;
  method: string;
  path: string;
  isPublic: boolean;
}

/** Nest stores a path as a string or a list of strings. */
function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => `${v as string}`);
  return typeof value === 'string' ? [value] : [''];
}

function joinPath(...parts: string[]): string {
  const joined =
    '/' +
    parts
      .map((p) => p.replace(/^\/+|\/+$/g, ''))
      .filter((p) => p.length > 0)
      .join('/');
  return joined;
}

/** Every handler of every controller, read from Nest's own route metadata. */
function nestRoutes(app: NestExpressApplication): NestRoute[] {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: NestRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as (...args: unknown[]) => unknown;
        const methodPath: unknown = Reflect.getMetadata(PATH_METADATA, handler);
        if (methodPath === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const isPublic = reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller]) === true;
        for (const base of asList(Reflect.getMetadata(PATH_METADATA, controller))) {
          for (const sub of asList(methodPath)) {
            const path = joinPath(base, sub);
            routes.push({ key: `${method} ${path}`, method, path, isPublic });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** What Express will actually dispatch: catches routes added outside Nest's controllers. */
function expressRoutes(app: NestExpressApplication): string[] {
  const router = (app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } }).router;
  return router.stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).map((m) => `${m === '_all' ? 'ALL' : m.toUpperCase()} ${layer.route!.path}`)
      : [],
  );
}

/** A concrete URL for a route pattern: path params become dummy values the guard never gets to check. */
function concretePath(pattern: string): string {
  return pattern
    .replace(/\{\/?\*[A-Za-z0-9_]+\}|\*[A-Za-z0-9_]*/g, 'dummy')
    .replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) =>
      /id$/i.test(name) ? '00000000-0000-4000-8000-000000000000' : 'dummy',
    )
    .replace(/[{}]/g, '');
}

describe('route guards', () => {
  let routes: NestRoute[];
  const t = useTestApp();
  beforeAll(async () => {
    routes = nestRoutes(t.app);
  });

  /** The route called without any credential. */
  function call(route: NestRoute) {
    const method = route.method === 'ALL' ? 'get' : (route.method.toLowerCase() as 'get');
    return t.http[method](concretePath(route.path));
  }

  it('finds the routes (sanity check of the enumeration)', () => {
    expect(routes.map((r) => r.key)).toEqual(
      expect.arrayContaining(['GET /api/v1/server/ping', 'POST /api/v1/org', 'GET /api/v1/org/:orgName']),
    );
  });

  it('has no public route outside the deliberate allow-list', () => {
    const unexpected = routes
      .filter((r) => r.isPublic && !DELIBERATELY_PUBLIC.has(r.key) && !checksOwnCredential(r.path))
      .map((r) => r.key);
    expect(unexpected).toEqual([]);
  });

  it('rejects unsigned calls to the routes that check their own credential', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.isPublic && checksOwnCredential(r.path))) {
      const res = await call(route);
      if (res.status < 400 || res.status >= 500) failures.push(`${route.key} -> ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('has no Express route that bypasses Nest (and so the guard), except the API docs', () => {
    const known = new Set(routes.map((r) => r.key));
    const bypassing = expressRoutes(t.app).filter(
      (key) => !known.has(key) && !key.split(' ')[1].startsWith(PUBLIC_DOCS_PREFIX),
    );
    expect(bypassing).toEqual([]);
  });

  it('answers 401 on every guarded route called without credentials', async () => {
    const guarded = routes.filter((r) => !r.isPublic);
    expect(guarded.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const route of guarded) {
      const res = await call(route);
      if (res.status !== 401) failures.push(`${route.key} (${concretePath(route.path)}) -> ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('lets the public routes through without credentials', async () => {
    await t.http.get('/api/v1/server/ping').expect(200);
    await t.http.get('/api/v1/server/version').expect(200);
    await t.http.get('/api/docs/openapi.yaml').expect(200);
  });
});
