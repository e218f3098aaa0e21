import { Inject, Injectable } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import cors from 'cors';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { AuthService } from '../auth/auth.service';
import { APP_CONFIG, AppConfig } from '../config/config';
import { respondWithError } from '../common/http-exception.filter';
import { sendBody, sendJson } from '../common/http-responses';
import { MultipartReader } from '../common/multipart';
import { requestContext } from '../common/request-context';
import { beginRequest } from '../common/request-log';
import { corsOptions } from '../common/cors-options';
import { SecretCreateService } from '../secrets/secret-create.service';
import { SecretDataService } from '../secrets/secret-data.service';
import { SecretsService } from '../secrets/secrets.service';
import { HotRoute, matchHotRoute } from './hot-route-match';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * The routes CI runners and flows call thousands of times a minute (secret metadata, `/data`, create)
 * are dispatched straight from the HTTP server instead of through Express's router and Nest's
 * per-route pipeline, which cost more than the work itself (bench/README.md). Everything else is the
 * same code: the request id and access log, CORS and cookies, `AuthService.require` (the global
 * guard's rule), the multipart reader, the same service call (so the same access checks and audit)
 * and the same error writer. Requests these routes do not take in their plain form go to Nest.
 */
@Injectable()
export class HotRoutes {
  private readonly middleware: Middleware[];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auth: AuthService,
    private readonly multipart: MultipartReader,
    private readonly secrets: SecretsService,
    private readonly data: SecretDataService,
    private readonly creator: SecretCreateService,
  ) {
    // What Express runs before Nest for these requests (its JSON parser never applies to them).
    this.middleware = [
      ...(config.corsOrigin ? [cors(corsOptions(config.corsOrigin)) as Middleware] : []),
      cookieParser() as Middleware,
    ];
  }

  /** Puts the hot routes in front of the application's own request listener. */
  install(server: Server): void {
    const [app] = server.listeners('request') as RequestListener[];
    server.removeListener('request', app);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const route = matchHotRoute(req);
      if (!route) return app(req, res);
      const context = beginRequest(req, res);
      context.route = route.template;
      requestContext.run(context, () => void this.serve(route, req, res));
    });
  }

  private async serve(route: HotRoute, req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      for (const step of this.middleware) await run(step, req, res);
      const p = await this.auth.require(req);
      switch (route.kind) {
        case 'metadata':
          return sendJson(res, 200, await this.secrets.get(p, route.orgName, route.secretName));
        case 'data': {
          const form = await this.multipart.read(req, res);
          const value = await this.data.read(p, route.orgName, route.secretName, form.text('storePassword'));
          res.setHeader('X-Concord-SecretType', value.type);
          res.setHeader('Cache-Control', 'no-store');
          return sendBody(res, 200, 'application/octet-stream', value.bytes);
        }
        case 'create': {
          const form = await this.multipart.read(req, res);
          return sendJson(res, 200, await this.creator.create(p, route.orgName, form));
        }
      }
    } catch (error) {
      respondWithError(error, req, res);
    }
  }
}

function run(step: Middleware, req: IncomingMessage, res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) =>
    step(req, res, (error) =>
      error ? reject(error instanceof Error ? error : new Error('request middleware failed')) : resolve(),
    ),
  );
}
