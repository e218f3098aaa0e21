import { Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthService } from '../auth/auth.service';
import { respondWithError } from '../common/http-exception.filter';
import { sendBody, sendJson } from '../common/http-responses';
import { MultipartReader } from '../common/multipart';
import { currentRequest } from '../common/request-context';
import { SecretCreateService } from '../secrets/secret-create.service';
import { SecretDataService } from '../secrets/secret-data.service';
import { SecretsService } from '../secrets/secrets.service';
import { HotRoute, matchHotRoute } from './hot-route-match';

/**
 * The routes CI runners and flows call thousands of times a minute (secret metadata, `/data`, create)
 * are dispatched straight from the HTTP server instead of through Express's router and Nest's
 * per-route pipeline, which cost more than the work itself (bench/README.md). Everything else is the
 * same code: they are reached only through the request pipeline (src/http/request-pipeline.ts) that
 * runs before Nest too, then `AuthService.require` (the global guard's rule), the multipart reader,
 * the same service call (so the same access checks and audit) and the same error writer. Requests
 * these routes do not take in their plain form go to Nest.
 */
@Injectable()
export class HotRoutes {
  constructor(
    private readonly auth: AuthService,
    private readonly multipart: MultipartReader,
    private readonly secrets: SecretsService,
    private readonly data: SecretDataService,
    private readonly creator: SecretCreateService,
  ) {}

  /** Serves the request if it is one of the hot routes (true), else leaves it alone (false). */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    const route = matchHotRoute(req);
    if (!route) return false;
    // The metrics label: the template Nest declares for the route, never the org or secret name.
    const context = currentRequest();
    if (context) context.route = route.template;
    void this.answer(route, req, res);
    return true;
  }

  private async answer(route: HotRoute, req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const p = await this.auth.require(req);
      switch (route.kind) {
        case 'metadata':
          return sendJson(res, 200, await this.secrets.get(p, route.orgName, route.secretName));
        case 'data': {
          const form = await this.multipart.read(req, res);
          const value = await this.data.read(p, route.orgName, route.secretName, form.payloadText('storePassword'));
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
