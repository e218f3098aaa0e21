import type { Express } from 'express';

type Segment = { literal: string } | { param: string };

interface Template {
  method: string;
  segments: Segment[];
}

/**
 * The parameter names of the application's routes, read from Express's router on first use (Nest
 * registers its routes when the app initialises, after the pipeline is installed), so they are never
 * declared twice; used to name a bad path segment before routing.
 */
export class RouteParams {
  private cached?: readonly Template[];

  private constructor(private readonly read: () => readonly Template[]) {}

  static none(): RouteParams {
    return new RouteParams(() => []);
  }

  static fromExpress(app: Express): RouteParams {
    return new RouteParams(() => templatesOf(app));
  }

  /** The name of the parameter at `index` of a request path split into segments, if a route has one there. */
  nameAt(method: string, segments: readonly string[], index: number): string | undefined {
    this.cached ??= this.read();
    for (const t of this.cached) {
      if (t.method !== method || t.segments.length !== segments.length) continue;
      const fits = t.segments.every((s, i) => 'param' in s || s.literal === segments[i].toLowerCase());
      const at = t.segments[index];
      if (fits && at && 'param' in at) return at.param;
    }
    return undefined;
  }
}

function templatesOf(app: Express): Template[] {
  const stack = (app as unknown as { router?: { stack?: unknown[] } }).router?.stack ?? [];
  const templates: Template[] = [];
  for (const layer of stack as { route?: { path?: unknown; methods?: Record<string, boolean> } }[]) {
    const route = layer.route;
    if (!route || typeof route.path !== 'string') continue;
    const segments = route.path
      .split('/')
      .slice(1)
      .map((s): Segment => (s.startsWith(':') ? { param: s.slice(1) } : { literal: s.toLowerCase() }));
    for (const method of Object.keys(route.methods ?? {})) templates.push({ method: method.toUpperCase(), segments });
  }
  return templates;
}
