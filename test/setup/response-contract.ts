/**
 * Every response a spec receives through supertest is checked against openapi.yaml: the operation its
 * method and path name must exist, must declare the status, and must declare the content type; a JSON
 * body must match the declared schema. A route or an answer the document does not describe fails the
 * spec that met it, with the reason. Registered for every spec by jest.config.js (setupFilesAfterEnv),
 * so it holds however a spec builds its app.
 *
 * openapi-backend matches the request to its operation (and dereferences the document); its ajv,
 * set up for OpenAPI 3.0 schemas, checks the bodies.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as yaml from 'js-yaml';
import { OpenAPIBackend, ValidationContext } from 'openapi-backend';
import type { OpenAPIV3 } from 'openapi-types';
import type { Response } from 'supertest';

const DOCUMENT = path.resolve(__dirname, '..', '..', 'openapi.yaml');

/**
 * Answers the document does not describe, on purpose. Each needs its reason; keep the list short.
 * `status` undefined: any answer of that request.
 */
export const CONTRACT_EXCEPTIONS: { method: string; path: RegExp; status?: number; reason: string }[] = [
  {
    method: 'GET',
    path: /^\/api\/docs(\/|$)/,
    reason: 'the API reference itself (the rendered document and its files), served by @nestjs/swagger',
  },
  {
    method: 'GET',
    path: /^\/(?!api\/|metrics$)/,
    reason: "the web console's files and pages: a static site, not the API",
  },
];

interface Checked {
  method: string;
  path: string;
  status: number;
}

class ResponseContract {
  private readonly api: OpenAPIBackend;
  private readonly compiled = new Map<object, ValidateFunction>();
  private ready?: Promise<void>;
  validated = 0;
  excepted = 0;

  constructor() {
    const definition = yaml.load(fs.readFileSync(DOCUMENT, 'utf8')) as OpenAPIV3.Document;
    this.api = new OpenAPIBackend({
      definition,
      strict: true,
      // The formats the document uses (uuid, date-time, ...) are checked, not skipped with a warning.
      customizeAjv: (ajv) => addFormats(ajv),
    });
  }

  init(): Promise<void> {
    this.ready ??= this.api.init().then(() => undefined);
    return this.ready;
  }

  /** What is wrong with this answer by the document, or undefined when it conforms. */
  problemWith(method: string, url: string, res: Response): string | undefined {
    const { pathname } = new URL(url);
    const status = res.status;
    const request: Checked = { method: method.toUpperCase(), path: pathname, status };
    const excepted = CONTRACT_EXCEPTIONS.find(
      (e) => e.method === request.method && e.path.test(pathname) && (e.status === undefined || e.status === status),
    );
    if (excepted) {
      this.excepted++;
      return undefined;
    }
    this.validated++;
    // Express answers HEAD with the GET route, without a body.
    const asMethod = request.method === 'HEAD' ? 'get' : request.method.toLowerCase();
    const operation = this.api.router.matchOperation({ method: asMethod, path: pathname, headers: {} }) as
      (OpenAPIV3.OperationObject & { path: string }) | undefined;
    const where = `${request.method} ${pathname} answered ${status}`;
    if (!operation) {
      // A path no route maps: the router's (or the input gate's) refusal, never a success.
      if (status >= 400 && status < 500) return undefined;
      return `${where}, but openapi.yaml has no operation for it`;
    }
    const answer = (operation.responses[String(status)] ?? operation.responses.default) as
      OpenAPIV3.ResponseObject | undefined;
    if (!answer)
      return `${where}, which ${operation.operationId} does not declare (${Object.keys(operation.responses).join(', ')})`;
    const body = bodyOf(res);
    const contentType = String(res.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    const declared = answer.content ?? {};
    if (body.length === 0 || request.method === 'HEAD') {
      // No body: fine for a refusal, a 204, or an answer that may be empty (a string, e.g. a DATA secret's value).
      if (status >= 300 || Object.keys(declared).length === 0) return undefined;
      const mayBeEmpty = Object.values(declared).some((m) => (m.schema as OpenAPIV3.SchemaObject)?.type === 'string');
      return mayBeEmpty
        ? undefined
        : `${where} with no body; ${operation.operationId} declares ${Object.keys(declared).join(', ')}`;
    }
    const media = declared[contentType];
    if (!media) {
      return `${where} as '${contentType || 'no content type'}'; ${operation.operationId} declares ${Object.keys(declared).join(', ') || 'no body'}`;
    }
    if (!/^application\/(.+\+)?json$/.test(contentType) || !media.schema) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return `${where} typed ${contentType}, but the body is not JSON: ${body.toString('utf8').slice(0, 200)}`;
    }
    const validate = this.validator(media.schema);
    if (validate(json)) return undefined;
    return (
      `${where}: the body does not match ${operation.operationId}'s ${status} ${contentType} schema: ` +
      `${JSON.stringify(validate.errors?.slice(0, 3))}; body: ${JSON.stringify(json).slice(0, 300)}`
    );
  }

  private validator(schema: object): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.api.validator.getAjv(ValidationContext.Response).compile(schema);
      this.compiled.set(schema, validate);
    }
    return validate;
  }
}

function bodyOf(res: Response): Buffer {
  if (Buffer.isBuffer(res.body)) return res.body;
  if (typeof res.text === 'string') return Buffer.from(res.text, 'utf8');
  return Buffer.alloc(0);
}

const contract = new ResponseContract();

type Finish = (error: Error | null, res?: Response) => void;
interface SupertestTest {
  method: string;
  url: string;
  assert: (this: SupertestTest, resError: Error | null, res: Response | undefined, fn?: Finish) => void;
}

// supertest's Test.assert runs once per request, after the response arrived, with the spec's own
// expectations; the contract is checked after them, so a spec's failing `expect(200)` reads first.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const TestClass = require('supertest/lib/test') as { prototype: SupertestTest & { __contract?: boolean } };
if (!TestClass.prototype.__contract) {
  const assert = TestClass.prototype.assert;
  TestClass.prototype.__contract = true;
  TestClass.prototype.assert = function (this: SupertestTest, resError, res, fn) {
    const checked: Finish | undefined = fn
      ? (error, answered) => {
          if (error || !answered) return fn.call(this, error, answered);
          const problem = contract.problemWith(this.method, this.url, answered);
          fn.call(this, problem ? new Error(`Response outside openapi.yaml: ${problem}`) : null, answered);
        }
      : undefined;
    assert.call(this, resError, res, checked);
  };
}

beforeAll(() => contract.init());

afterAll(() => {
  const tally = process.env.STRONGROOM_CONTRACT_TALLY;
  if (tally) fs.appendFileSync(tally, `${expect.getState().testPath} ${contract.validated} ${contract.excepted}\n`);
});
