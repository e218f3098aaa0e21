import { CliError, EXIT, exitCodeForStatus } from './exit-codes';
import { HttpAnswer, HttpBody, exchange, multipartBody } from './http-transport';

/** Where the CLI talks to, and with which key; `source` says where they came from (whoami shows it). */
export interface Connection {
  url: string;
  apiKey: string;
  source: string;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  form?: FormData;
  json?: unknown;
  /** What the request is about ("acme/db"), the prefix of any error line. */
  subject: string;
}

/** A refusal by the server: the exit code follows the status, the message is the server's own. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly serverMessage: string,
    subject: string,
  ) {
    super(exitCodeForStatus(status, serverMessage), `${subject}: ${serverMessage}`);
  }
}

const TIMEOUT_MS = 60_000;
const MAX_ERROR_BODY = 16 * 1024;

/** The server's public HTTP API, nothing else, with the API key in `Authorization`. */
export class ApiClient {
  constructor(readonly connection: Connection) {}

  async send(method: string, path: string, options: RequestOptions): Promise<HttpAnswer> {
    const url = new URL(this.connection.url.replace(/\/+$/, '') + path);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    let body: HttpBody | undefined;
    if (options.form) body = await multipartBody(options.form);
    if (options.json !== undefined) {
      body = { bytes: Buffer.from(JSON.stringify(options.json)), contentType: 'application/json' };
    }
    let answer: HttpAnswer;
    try {
      answer = await exchange(url, method, { Authorization: this.connection.apiKey }, body, TIMEOUT_MS);
    } catch (error) {
      throw new CliError(EXIT.failure, `cannot reach the server at ${this.connection.url}: ${networkReason(error)}`);
    }
    if (answer.status < 200 || answer.status > 299) {
      throw new ApiError(answer.status, serverMessage(answer), options.subject);
    }
    return answer;
  }

  async json<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const answer = await this.send(method, path, options);
    try {
      return JSON.parse(answer.body.toString('utf8')) as T;
    } catch {
      throw new CliError(
        EXIT.failure,
        `${options.subject}: the server's answer is not JSON (is ${this.connection.url} a Strongroom server?)`,
      );
    }
  }
}

/** `/api/v1/org/<org>/<segments...>` (or v2), every segment escaped. */
export function orgPath(version: 'v1' | 'v2', org: string, ...segments: string[]): string {
  return `/api/${version}/org/` + [org, ...segments].map(encodeURIComponent).join('/');
}

function networkReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'TIMEOUT') return `no answer within ${TIMEOUT_MS / 1000} s`;
  return code ?? (error instanceof Error ? error.message : String(error));
}

/**
 * The server's message on one line, from any of its error shapes: the validation array
 * `[{id, message}]`, `{message, details}`, plain text, or an empty body (then the status says it).
 */
function serverMessage(answer: HttpAnswer): string {
  // The server's 401 says only "Not authenticated"; the CLI's words say it is the key.
  if (answer.status === 401) return defaultMessage(401);
  const text = answer.body.subarray(0, MAX_ERROR_BODY).toString('utf8').trim();
  if (text) return oneLine(fromJson(text) ?? text);
  // The server's own messages say how long a lock lasts; an empty answer gets it from Retry-After.
  const retry = answer.header('retry-after');
  return defaultMessage(answer.status) + (retry && /^\d+$/.test(retry) ? ` (retry after ${retry} s)` : '');
}

function fromJson(text: string): string | undefined {
  if (!text.startsWith('[') && !text.startsWith('{')) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (Array.isArray(body)) {
    const messages = body.map((e: { message?: unknown }) => (typeof e?.message === 'string' ? e.message : ''));
    return messages.filter(Boolean).join('; ') || undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { message, details } = body as { message?: unknown; details?: unknown };
  if (typeof message !== 'string') return undefined;
  if (!Array.isArray(details) || details.length === 0) return message;
  const parts = details.map((d: { path?: unknown; errors?: unknown }) => {
    const errors = Array.isArray(d?.errors) ? d.errors.map(String).join(', ') : '';
    return `${typeof d?.path === 'string' ? d.path : ''}: ${errors}`;
  });
  return `${message}: ${parts.join('; ')}`;
}

function defaultMessage(status: number): string {
  switch (status) {
    case 401:
      return 'not authenticated: the server refused the API key';
    case 403:
      return 'access denied';
    case 404:
      return 'not found';
    case 429:
      return 'locked after too many failed attempts';
    default:
      return `the server answered HTTP ${status}`;
  }
}

function oneLine(text: string): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, ' ');
  return line.length > 500 ? `${line.slice(0, 500)}…` : line;
}
