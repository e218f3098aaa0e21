import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  MediaTypeObject,
  OperationObject,
  ResponseObject,
  ResponsesObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { VALIDATION_MEDIA_TYPE } from '../http/http-exception.filter';

/**
 * The error answers every operation can give, added to the document after Nest has described the
 * success answers. They come from layers no controller sees (the request pipeline's input gate and
 * body limits, the global guard, the credential lockout, a database that stops answering), so they are
 * declared here once, from what each operation is: public or guarded, with path parameters or not.
 * A controller that answers something more declares it with its own `@ApiResponse`, which wins.
 */
export const ERROR_SCHEMAS = {
  ValidationErrors: {
    type: 'array',
    description: "Concord's validation answer: one item per refused input, `id` names it",
    items: {
      type: 'object',
      required: ['id', 'message'],
      properties: { id: { type: 'string' }, message: { type: 'string' } },
    },
  },
  ErrorMessage: {
    type: 'object',
    required: ['message'],
    properties: { message: { type: 'string' } },
  },
};

const TEXT: MediaTypeObject = { schema: { type: 'string' } };
const VALIDATION: MediaTypeObject = { schema: { $ref: '#/components/schemas/ValidationErrors' } };
const MESSAGE: MediaTypeObject = { schema: { $ref: '#/components/schemas/ErrorMessage' } };
const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } },
};

const BAD_REQUEST: ResponseObject = {
  description:
    'The request is refused: a malformed path, query, header, JSON or multipart body (plain text), or ' +
    "an input that fails validation (Concord's validation-error list)",
  content: { 'text/plain': TEXT, [VALIDATION_MEDIA_TYPE]: VALIDATION },
};
const TIMEOUT: ResponseObject = {
  description: 'The client stopped sending its request body',
  content: { 'text/plain': TEXT },
};
const TOO_LARGE: ResponseObject = {
  description: 'The request body, a multipart part or a secret value exceeds its configured limit',
  content: { 'text/plain': TEXT },
};
const UNAUTHENTICATED: ResponseObject = {
  description:
    'No credential, or one that is wrong, expired or disabled. `WWW-Authenticate` offers Basic and ' +
    'ConcordApiToken unless the request says it comes from the console (`X-Concord-UI-Request: true`)',
  content: { 'application/json': MESSAGE },
};
const FORBIDDEN: ResponseObject = {
  description: 'The caller may not do this here',
  content: { 'text/plain': TEXT },
};
const NOT_FOUND: ResponseObject = {
  description:
    "Something the path names does not exist (or is not visible to the caller). A missing secret's " +
    'answer has no body, as in Concord',
  content: { 'text/plain': TEXT },
};
const TOO_MANY: ResponseObject = {
  description: 'Too many failed password or key checks for this account or secret: locked out for a while',
  headers: RETRY_AFTER,
  content: { 'text/plain': TEXT },
};
const UNAVAILABLE: ResponseObject = {
  description: 'The database is not answering, or too many password checks are in progress',
  headers: RETRY_AFTER,
  content: { 'text/plain': TEXT },
};
const SIGNATURE_REJECTED: ResponseObject = {
  description: "The CI server's credential (token or signature) did not verify, or was replayed",
  content: { 'text/plain': TEXT },
};

/** Operations reached by CI servers: they sign each request, and their refusals are plain text. */
const CI_PATH = /^\/api\/ext\//;
const CI_WRITE_PATH = /^\/api\/ext\/woodpecker\/\{id\}\/repo\//;

/** Adds the error answers each operation can give; answers an operation already declares are kept. */
export function addErrorAnswers(document: OpenAPIObject): void {
  document.components = document.components ?? {};
  document.components.schemas = { ...document.components.schemas, ...ERROR_SCHEMAS };
  document.components.responses = { ...document.components.responses, ...SHARED };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation) addTo(operation, path, method);
    }
  }
}

/** Shared answers, referenced from the operations as `#/components/responses/<name>`. */
const SHARED: Record<string, ResponseObject> = {
  BadRequest: BAD_REQUEST,
  RequestTimeout: TIMEOUT,
  PayloadTooLarge: TOO_LARGE,
  Unauthenticated: UNAUTHENTICATED,
  Forbidden: FORBIDDEN,
  NotFound: NOT_FOUND,
  TooManyRequests: TOO_MANY,
  Unavailable: UNAVAILABLE,
  SignatureRejected: SIGNATURE_REJECTED,
};

function addTo(operation: OperationObject, path: string, method: string): void {
  const answers: Record<string, keyof typeof SHARED> = {
    '400': 'BadRequest',
    '408': 'RequestTimeout',
    '413': 'PayloadTooLarge',
  };
  const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
  if (CI_PATH.test(path)) {
    Object.assign(answers, { '401': 'SignatureRejected', '404': 'NotFound', '503': 'Unavailable' });
    // A Woodpecker server changing secrets acts for the integration's team, with that team's rights.
    if (CI_WRITE_PATH.test(path) && method !== 'get') answers['403'] = 'Forbidden';
  } else if (!isPublic) {
    Object.assign(answers, { '401': 'Unauthenticated', '403': 'Forbidden', '429': 'TooManyRequests' });
    answers['503'] = 'Unavailable';
    if (path.includes('{')) answers['404'] = 'NotFound';
  }
  const responses: ResponsesObject = operation.responses;
  for (const [status, name] of Object.entries(answers)) {
    const declared = responses[status] as ResponseObject | undefined;
    // A declared answer with only its own words (`@ApiResponse({ status, description })`) keeps them
    // and gets the shared content.
    if (!declared) responses[status] = { $ref: `#/components/responses/${name}` };
    else if (!declared.content) responses[status] = { ...SHARED[name], ...declared, content: SHARED[name].content };
  }
}
