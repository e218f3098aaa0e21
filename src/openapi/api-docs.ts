import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import * as yaml from 'js-yaml';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Strongroom')
    .setDescription(
      "Multi-tenant secrets server, wire-compatible with Concord's secrets API. Authenticate with " +
        '`Authorization: <api key>`, `Bearer <api key>`, HTTP Basic, or the console session cookie.',
    )
    .setVersion('1')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'Authorization' }, 'apiKey')
    .addBasicAuth({ type: 'http', scheme: 'basic' }, 'basic')
    .addSecurityRequirements('apiKey')
    .addSecurityRequirements('basic')
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
  });
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
