import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import * as yaml from 'js-yaml';
import { SESSION_COOKIE } from '../auth/auth.service';
import { addErrorAnswers } from './error-answers';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Strongroom')
    .setDescription(
      "Multi-tenant secrets server, wire-compatible with Concord's secrets API. Authenticate with " +
        '`Authorization: <api key>`, `Bearer <api key>`, HTTP Basic, or the console session cookie.',
    )
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    // Relative: the document describes whichever server serves it (and the reference at /api/docs).
    .addServer('/', 'This server')
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description: 'An API key, as `Authorization: <key>` or `Authorization: Bearer <key>`',
      },
      'apiKey',
    )
    .addBasicAuth({ type: 'http', scheme: 'basic', description: 'A LOCAL user with a password' }, 'basic')
    .addCookieAuth(SESSION_COOKIE, {
      type: 'apiKey',
      in: 'cookie',
      name: SESSION_COOKIE,
      description: 'The console session, opened by `GET /api/service/console/whoami`',
    })
    .addSecurityRequirements('apiKey')
    .addSecurityRequirements('basic')
    .addSecurityRequirements('cookie')
    .build();
  config.components = {
    ...config.components,
    securitySchemes: { ...config.components?.securitySchemes, ...CI_SCHEMES },
  };
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
  });
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.put, item.post, item.delete, item.patch]) {
      if (operation?.security) operation.security = withoutAnonymous(operation.security);
    }
  }
  addErrorAnswers(document);
  return document;
}

/** How the CI servers sign their requests to `/api/ext/*` (each integration holds its own key). */
const CI_SCHEMES = {
  droneSignature: {
    type: 'apiKey' as const,
    in: 'header' as const,
    name: 'Signature',
    description:
      'Drone: an HTTP signature (draft-cavage, hmac-sha256) over `(request-target)`, `date` and `digest`, ' +
      "keyed with the integration's shared secret",
  },
  woodpeckerSignature: {
    type: 'apiKey' as const,
    in: 'header' as const,
    name: 'Signature',
    description:
      'Woodpecker: an Ed25519 HTTP message signature (RFC 9421, `Signature` with `Signature-Input`) made ' +
      "with the Woodpecker server's key; the integration holds its public key",
  },
};

/**
 * `@Public()` adds the anonymous requirement `{}`. Alone it becomes `security: []` (no credentials);
 * beside a route's own scheme (a CI signature) it is dropped, since that scheme is then required.
 */
function withoutAnonymous(security: Record<string, string[]>[]): Record<string, string[]>[] {
  return security.filter((requirement) => Object.keys(requirement).length > 0);
}

/** The document as committed in openapi.yaml: stable key order, no line folding. */
export function toYaml(document: OpenAPIObject): string {
  return yaml.dump(document, { noRefs: true, lineWidth: -1, sortKeys: true });
}

/** Serves the rendered reference at /api/docs and the raw document at /api/docs/openapi.yaml (public). */
export function setupApiDocs(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, {
    yamlDocumentUrl: 'api/docs/openapi.yaml',
    jsonDocumentUrl: 'api/docs/openapi.json',
  });
}
