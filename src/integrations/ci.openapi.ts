import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';

/** The JSON the CI protocols exchange, declared for openapi.yaml (the services parse it by hand). */
const strings = { type: 'array', items: { type: 'string' } };

export const DRONE_REQUEST = {
  type: 'object',
  description: "drone-go's secret request: the secret's path and name, and the build asking for it",
  properties: {
    path: { type: 'string', description: 'The secret: `<org>/<secret>`, or `<secret>` in the default org' },
    name: { type: 'string', description: 'Which part of it: value (or empty), username, password, private, public' },
    repo: { type: 'object', additionalProperties: true },
    build: { type: 'object', additionalProperties: true },
  },
};

export const DRONE_SECRET = {
  type: 'object',
  required: ['name', 'data', 'pull', 'pull_request', 'pull_request_push', 'fork'],
  properties: {
    name: { type: 'string' },
    data: { type: 'string' },
    pull: { type: 'boolean' },
    pull_request: { type: 'boolean' },
    pull_request_push: { type: 'boolean' },
    fork: { type: 'boolean' },
  },
};

export const DRONE_LEGACY_SECRET = {
  type: 'object',
  required: ['name', 'value', 'event', 'image'],
  properties: { name: { type: 'string' }, value: { type: 'string' }, event: strings, image: strings },
};

export const WOODPECKER_EXTENSION_REQUEST = {
  type: 'object',
  required: ['repo'],
  properties: {
    repo: { type: 'object', additionalProperties: true },
    pipeline: { type: 'object', additionalProperties: true },
    netrc: { type: 'object', additionalProperties: true, description: 'Never read' },
  },
};

export const WOODPECKER_EXTENSION_ANSWER = {
  type: 'object',
  required: ['secrets'],
  properties: {
    secrets: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'value', 'images', 'events'],
        properties: { name: { type: 'string' }, value: { type: 'string' }, images: strings, events: strings },
      },
    },
  },
};

export const WOODPECKER_SECRET = {
  type: 'object',
  required: ['id', 'org_id', 'repo_id', 'name', 'images', 'events'],
  properties: {
    id: { type: 'integer' },
    org_id: { type: 'integer' },
    repo_id: { type: 'integer' },
    name: { type: 'string' },
    value: { type: 'string', description: 'Only in the answer to a create or update' },
    images: strings,
    events: strings,
  },
};

export const WOODPECKER_SECRET_INPUT = {
  type: 'object',
  properties: { name: { type: 'string' }, value: { type: 'string' }, images: strings, events: strings },
};

/** An operation of a CI protocol: tagged `ci`, signed with `scheme` (none for the URL-token route). */
export const CiOperation = (operationId: string, summary: string, scheme?: 'droneSignature' | 'woodpeckerSignature') =>
  applyDecorators(ApiTags('ci'), ApiOperation({ operationId, summary }), ...(scheme ? [ApiSecurity(scheme)] : []));

export const JsonBody = (schema: object, required = true) => ApiBody({ schema, required });

export const JsonAnswer = (status: number, schema: object, description = '') =>
  ApiResponse({ status, description, content: { 'application/json': { schema } } });
