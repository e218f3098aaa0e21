import { Inject, Injectable } from '@nestjs/common';
import cors from 'cors';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { APP_CONFIG, AppConfig } from '../config/config';
import { respondWithError } from './http-exception.filter';
import { requestContext } from '../common/request-context';
import { StartupError } from '../common/startup-error';
import { beginRequest } from './request-log';
import { hasBody, installBodyHooks, isJson, limitBody } from './body-limit';
import { configureHttpServer } from './http-server';
import { checkRequestInput } from './input-gate';
import { readJsonBody } from './json-body';
import { RouteParams } from './route-params';

type Next = (error?: unknown) => void;
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

/** One named step of the pipeline; a step that answers the request itself does not call `next`. */
export interface PipelineStep {
  name: string;
  run: Middleware;
}

/**
 * The one way into the server: every request runs these steps, in this order, before anything routes
 * it; then `dispatch` hands it to the hot routes or to Nest. Cross-cutting request concerns live here
 * and only here, so no route can skip one (docs/limits.md lists what each step enforces).
 */
@Injectable()
export class RequestPipeline {
  readonly steps: readonly PipelineStep[];
  private routes = RouteParams.none();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const limits = config.http;
    this.steps = [
      // The request id, the request context every later layer reads, and one access-log line at the end.
      { name: 'request-log', run: (req, res, next) => requestContext.run(beginRequest(req, res), next) },
      // The one CORS policy: the configured origin (the console's, if served elsewhere), with credentials.
      {
        name: 'cors',
        run: config.corsOrigin ? (cors({ origin: config.corsOrigin, credentials: true }) as Middleware) : skip,
      },
      { name: 'input-gate', run: sync((req) => checkRequestInput(req, this.routes)) },
      // The CSRF check for cookie sessions (a decision of src/access/) belongs here: before any body is read.
      { name: 'body-limits', run: sync((req, res) => limitBody(req, res, limits)) },
      {
        name: 'json-body',
        // Synchronous for the many requests without a JSON body: no promise, no extra turn.
        run: (req, _res, next) =>
          hasBody(req) && isJson(req) ? void readJsonBody(req, limits).then(() => next(), next) : next(),
      },
    ];
  }

  /**
   * Wraps the server's one request listener (the Express app): the pipeline takes its place, and its
   * `checkContinue` listener (so that an oversized body announced with `Expect: 100-continue` is refused
   * before the client sends it). After the pipeline, `serveFirst` may answer the request (true); else
   * the wrapped listener routes it.
   */
  install(
    server: Server,
    wrapped: RequestListener,
    routes: RouteParams,
    serveFirst: (req: IncomingMessage, res: ServerResponse) => boolean,
  ): void {
    const listeners = server.listeners('request');
    if (listeners.length !== 1 || listeners[0] !== wrapped) {
      throw new StartupError(
        'The HTTP server has request listeners besides Express; the request pipeline would miss them',
      );
    }
    server.removeListener('request', wrapped);
    this.routes = routes;
    configureHttpServer(server, this.config.http);
    installBodyHooks();
    const dispatch: RequestListener = (req, res) => {
      if (!serveFirst(req, res)) wrapped(req, res);
    };
    const listener = (req: IncomingMessage, res: ServerResponse) => this.run(req, res, dispatch);
    server.on('request', listener);
    server.on('checkContinue', listener);
  }

  private run(req: IncomingMessage, res: ServerResponse, dispatch: RequestListener): void {
    let index = 0;
    const next: Next = (error) => {
      if (error !== undefined && error !== null) return respondWithError(error, req, res);
      const step = this.steps[index++];
      if (!step) return dispatch(req, res);
      step.run(req, res, next);
    };
    next();
  }
}

function skip(_req: IncomingMessage, _res: ServerResponse, next: Next): void {
  next();
}

/** A step that either throws (the request is answered with the error) or lets the request go on. */
function sync(check: (req: IncomingMessage, res: ServerResponse) => void): Middleware {
  return (req, res, next) => {
    try {
      check(req, res);
    } catch (error) {
      return next(error);
    }
    next();
  };
}
