import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthService } from '../auth/auth.service';
import { respondWithError } from '../http/http-exception.filter';
import { sendJson } from '../common/http-responses';
import { MultipartReader } from '../http/multipart';
import { currentRequest } from '../common/request-context';
import { hasBody } from '../http/body-limit';
import { checkAppAroundHotRoutes } from './hot-route-app-check';
import { HotRouteEntry, hotRoutesOf } from './hot-route-table';

/** A request a hot route takes, with its path parameters decoded as Express decodes them. */
export interface HotMatch {
  route: HotRouteEntry;
  params: Record<string, string>;
}

/**
 * The routes CI runners and flows call thousands of times a minute (secret metadata, `/data`, create)
 * are dispatched straight from the HTTP server instead of through Express's router and Nest's
 * per-route pipeline, which cost more than the work itself (bench/README.md). The controllers stay the
 * one declaration: handlers marked `@HotRoute()` are discovered at boot, their paths compiled as Express
 * compiles them, and this class calls the same handler after the same steps Nest runs for it: the
 * request pipeline (src/http/request-pipeline.ts) before either path, `AuthService.require` (the global
 * guard's rule), the multipart reader (MultipartInterceptor's work), and the same error writer. The
 * server refuses to start if a marked handler or the app has anything else around the route.
 * Requests these routes do not take in their plain form (a trailing slash, upper case, a JSON body,
 * HEAD, a parameter that does not decode) go to Nest.
 */
@Injectable()
export class HotRoutes implements OnApplicationBootstrap {
  private routes: readonly HotRouteEntry[] = [];
  private serving?: { app: NestExpressApplication; knownMiddleware: readonly unknown[] };

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly multipart: MultipartReader,
  ) {}

  /** Called for an app that serves requests; `knownMiddleware` is the Express middleware the app chose to run. */
  enable(app: NestExpressApplication, knownMiddleware: readonly unknown[]): void {
    this.serving = { app, knownMiddleware };
  }

  /** After Nest has registered every route and middleware: build the table, or refuse to start. */
  onApplicationBootstrap(): void {
    if (!this.serving) return;
    const controllers = this.discovery
      .getControllers()
      .map((wrapper) => wrapper.instance as object | undefined)
      .filter((instance): instance is object => instance !== undefined && instance !== null);
    const routes = hotRoutesOf(controllers);
    checkAppAroundHotRoutes(this.serving.app, routes, this.serving.knownMiddleware);
    this.routes = routes;
  }

  /** The discovered routes (the parity tests are generated from it). */
  get table(): readonly HotRouteEntry[] {
    return this.routes;
  }

  /**
   * The hot route a request is, or null. A route whose handler reads a form takes POST with no body or
   * a multipart one; any other takes only requests without a body.
   */
  match(req: IncomingMessage): HotMatch | null {
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    for (const route of this.routes) {
      if (req.method !== route.method) continue;
      if (hasBody(req) && !(route.readsForm && isMultipart(req))) continue;
      try {
        const found = route.match(path);
        if (found) return { route, params: found.params };
      } catch {
        return null; // a parameter that does not decode: Nest answers it
      }
    }
    return null;
  }

  /** Serves the request if it is one of the hot routes (true), else leaves it alone (false). */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    const found = this.match(req);
    if (!found) return false;
    // The metrics label: the template Nest declares for the route, never the org or secret name.
    const context = currentRequest();
    if (context) context.route = found.route.template;
    void this.answer(found, req, res);
    return true;
  }

  private async answer({ route, params }: HotMatch, req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const principal = await this.auth.require(req);
      const form = route.readsForm ? await this.multipart.read(req, res) : undefined;
      const args = route.args.map((arg) => {
        switch (arg.from) {
          case 'param':
            return params[arg.name];
          case 'principal':
            return principal;
          case 'form':
            return form;
          case 'response':
            return res;
        }
      });
      const result = await route.handler(...args);
      if (!route.writesResponse) sendJson(res, route.status, result);
    } catch (error) {
      respondWithError(error, req, res);
    }
  }
}

function isMultipart(req: IncomingMessage): boolean {
  return /^multipart\/form-data\s*(;|$)/i.test(req.headers['content-type'] ?? '');
}
