import type { Request } from 'express';
import { AppError } from '../../common/errors';

/** 401 with a plain-text reason: a CI request whose credential did not verify. Never carries secret material. */
export class SignatureRejected extends AppError {
  readonly status = 401;
  readonly body = 'text';
}

/** The exact bytes of the request body, kept by express.json's `verify` hook (src/app.ts); empty when none. */
export function rawBodyOf(req: Request): Buffer {
  const raw = (req as Request & { rawBody?: unknown }).rawBody;
  return Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
}

/** A single-valued request header; repeated headers arrive joined, as Node presents them. */
export function headerOf(req: Request, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}
