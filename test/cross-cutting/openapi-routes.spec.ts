import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import type { Express } from 'express';
import { TestApp, useTestApp } from '../helpers/test-app';

const REFERENCE_PAGES = /^GET \/api\/docs(\/|$)/;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** `METHOD /path/{param}` for every route Express's router holds once Nest has mapped them. */
function mappedRoutes(app: TestApp['app']): string[] {
  const express = app.getHttpAdapter().getInstance() as Express & { router?: { stack?: unknown[] } };
  const routes = new Set<string>();
  for (const layer of (express.router?.stack ?? []) as { route?: { path?: unknown; methods?: object } }[]) {
    const route = layer.route;
    if (!route || typeof route.path !== 'string') continue;
    const template = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    for (const method of Object.keys(route.methods ?? {})) routes.add(`${method.toUpperCase()} ${template}`);
  }
  return [...routes].sort();
}

function documentedRoutes(): string[] {
  const document = yaml.load(fs.readFileSync(path.resolve(__dirname, '..', '..', 'openapi.yaml'), 'utf8')) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const routes: string[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const method of Object.keys(item).filter((key) => METHODS.includes(key))) {
      routes.push(`${method.toUpperCase()} ${template}`);
    }
  }
  return routes.sort();
}

/** Every route the running server maps is in openapi.yaml, and the document lists nothing more. */
describe('openapi.yaml and the route table', () => {
  const t = useTestApp();

  it('document exactly the routes Nest maps', () => {
    const mapped = mappedRoutes(t.app);
    // The API reference's own pages and files (@nestjs/swagger's routes) serve the document; they are not in it.
    const api = mapped.filter((route) => !REFERENCE_PAGES.test(route));
    expect(mapped.length - api.length).toBeGreaterThan(0);
    expect(api.length).toBeGreaterThan(50);
    expect(documentedRoutes()).toEqual(api);
  });
});
