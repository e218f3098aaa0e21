import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

/**
 * The typed client for Strongroom's own API, generated from openapi.yaml (`npm run openapi`), so a
 * contract change breaks the console's type check. Same origin: the session cookie rides along.
 */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

let unauthorizedHandler: (() => void) | undefined;

/** Called when the server answers 401 to anything but a sign-in attempt: the session is gone. */
export function onUnauthorized(handler: (() => void) | undefined): void {
  unauthorizedHandler = handler;
}

const WHOAMI = '/api/service/console/whoami';

const consoleHeaders: Middleware = {
  onRequest({ request }) {
    // Marks the call as the console's: no Basic challenge on 401, audited as UI, accepted for the session.
    request.headers.set('X-Concord-UI-Request', 'true');
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && new URL(request.url).pathname !== WHOAMI) unauthorizedHandler?.();
    return response;
  },
};
api.use(consoleHeaders);

/** An answer other than 2xx, with the server's own message and, for validation errors, the fields named. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, string> = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const FALLBACK: Record<number, string> = {
  0: 'Cannot reach the server. Check your connection and try again.',
  401: 'You are not signed in, or your session has ended.',
  403: 'You do not have access to this.',
  404: 'Not found.',
  413: 'That is too large for the server.',
  429: 'Too many attempts.',
  503: 'The server is busy. Try again in a moment.',
};

export function toApiError(response: Response, body: unknown): ApiError {
  const status = response.status;
  const retry = Number(response.headers.get('Retry-After'));
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : undefined;
  const fields: Record<string, string> = {};
  let message = '';
  if (Array.isArray(body)) {
    // Concord's validation errors: [{id, message}], id naming the field.
    const entries = body.filter(
      (e): e is { id?: unknown; message: string } =>
        typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string',
    );
    for (const e of entries) if (typeof e.id === 'string') fields[e.id] = e.message;
    message = entries.map((e) => e.message).join('; ');
  } else if (typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string') {
    message = (body as { message: string }).message;
  } else if (typeof body === 'string') {
    message = body.trim();
  }
  // The server's 401 says only "Not authenticated": the console's own words say what to do about it.
  if (!message || status === 401)
    message = FALLBACK[status] ?? `The server answered ${status} ${response.statusText}`.trim();
  if (status === 429 && retryAfter && !/try again/i.test(message)) message += ` Try again in ${retryAfter} s.`;
  return new ApiError(status, message, fields, retryAfter);
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer's data, or an ApiError carrying the server's message. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(0, FALLBACK[0]);
  }
  if (!answer.response.ok) throw toApiError(answer.response, answer.error);
  return answer.data as T;
}

/** Multipart bodies (secret create, update, reveal): every field that has a value, files as files. */
export function formData(fields: Record<string, string | Blob | undefined>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.append(name, value);
  return form;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
