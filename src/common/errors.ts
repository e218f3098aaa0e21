/**
 * Domain errors. Services throw these; the one global filter (http-exception.filter.ts) turns them
 * into Concord's three body shapes. Messages must never carry secret material.
 */
export type ErrorBody = 'validation' | 'text' | 'empty' | 'json';

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly body: ErrorBody;
  /** Extra response headers (Retry-After, ...). */
  readonly headers: Record<string, string> = {};
}

/** 400, `application/vnd.concord-validation-errors-v1+json`, `[{"id","message"}]`. */
export class ValidationFailed extends AppError {
  readonly status = 400;
  readonly body = 'validation';
  readonly errors: { id: string; message: string }[];
  constructor(message: string, id = '*', more: { id: string; message: string }[] = []) {
    super(message);
    this.errors = [{ id, message }, ...more];
  }
}

/** 400 with a plain-text message (Concord's explicit app errors). */
export class BadRequest extends AppError {
  readonly status = 400;
  readonly body = 'text';
}

/** 401 `{"message"}`; the message never says which part of the credential was wrong. */
export class Unauthenticated extends AppError {
  readonly status = 401;
  readonly body = 'json';
  constructor(message = 'Not authenticated') {
    super(message);
  }
}

export class AccessDenied extends AppError {
  readonly status = 403;
  readonly body = 'text';
}

/** 404 with an empty body, as Concord answers a missing secret. */
export class NotFoundEmpty extends AppError {
  readonly status = 404;
  readonly body = 'empty';
}

/** 404 with a plain-text message (`Project not found: p`). */
export class NotFoundText extends AppError {
  readonly status = 404;
  readonly body = 'text';
}

export class PayloadTooLarge extends AppError {
  readonly status = 413;
  readonly body = 'text';
}

/** 408: the client stopped sending its body. */
export class RequestTimeout extends AppError {
  readonly status = 408;
  readonly body = 'text';
}

export class TooManyRequests extends AppError {
  readonly status = 429;
  readonly body = 'text';
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}

export class ServiceBusy extends AppError {
  readonly status = 503;
  readonly body = 'text';
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}

export class Conflict extends AppError {
  readonly status = 409;
  readonly body = 'text';
}
