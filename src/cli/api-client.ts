import { CliError, EXIT, exitCodeForStatus } from './exit-codes';

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

/** The server's public HTTP API, nothing else: fetch with the API key in `Authorization`. */
export class ApiClient {
  constructor(readonly connection: Connection) {}

  async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const url = new URL(this.connection.url.replace(/\/+$/, '') + path);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { Authorization: this.connection.apiKey };
    let body: FormData | string | undefined = options.form;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new CliError(EXIT.failure, `cannot reach the server at ${this.connection.url}: ${networkReason(error)}`);
    }
    if (!response.ok) throw new ApiError(response.status, await serverMessage(response), options.subject);
    return response;
  }

  async json<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const response = await this.send(method, path, options);
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
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
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/**
 * The server's message on one line, from any of its error shapes: the validation array
 * `[{id, message}]`, `{message, details}`, plain text, or an empty body (then the status says it).
 */
async function serverMessage(response: Response): Promise<string> {
  const text = (await response.text()).slice(0, MAX_ERROR_BODY).trim();
  // The server's own messages say how long a lock lasts; an empty answer gets it from Retry-After.
  const retry = response.headers.get('retry-after');
  const suffix = retry && /^\d+$/.test(retry) ? ` (retry after ${retry} s)` : '';
  if (!text) return defaultMessage(response.status) + suffix;
  return oneLine(fromJson(text) ?? text);
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
