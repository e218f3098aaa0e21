import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  createParamDecorator,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import multer from 'multer';
import { Observable } from 'rxjs';
import { APP_CONFIG, AppConfig } from '../config/config';
import { readWithinLimits } from './body-limit';
import { assertNoControlCharacters } from '../common/control-characters';
import { BadRequest } from '../common/errors';

interface Part {
  name: string;
  value: Buffer;
  isFile: boolean;
}

/**
 * A parsed multipart body with Concord's reading rules (docs/compatibility.md#multipart-forms): text fields are found by
 * case-insensitive name, the first one wins, values are trimmed and blank means absent; stream
 * fields (`data`, `public`, `private`) match case-sensitively, untrimmed, as file or text parts.
 */
export class MultipartForm {
  constructor(private readonly parts: readonly Part[]) {}

  static empty(): MultipartForm {
    return new MultipartForm([]);
  }

  /** An identifier-like text field (name, type, visibility, ...): a control character in it is a 400. */
  text(name: string): string | undefined {
    const value = this.payloadText(name);
    if (value !== undefined) assertNoControlCharacters(value, name, `Field '${name}'`);
    return value;
  }

  /** A text field that carries secret material (a store password, a username or password to keep): never checked. */
  payloadText(name: string): string | undefined {
    const wanted = name.toLowerCase();
    for (const part of this.parts) {
      if (part.name.toLowerCase() !== wanted) continue;
      const value = part.value.toString('utf8').trim();
      // Concord takes the first matching part even when it is blank, which then reads as absent.
      return value.length > 0 ? value : undefined;
    }
    return undefined;
  }

  bytes(name: string): Buffer | undefined {
    return this.parts.find((p) => p.name === name)?.value;
  }

  bool(name: string): boolean {
    return this.text(name)?.toLowerCase() === 'true';
  }

  /** Comma-separated list field; items trimmed, blanks dropped; undefined when the field is absent. */
  list(name: string): string[] | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }

  has(name: string): boolean {
    return this.payloadText(name) !== undefined || this.bytes(name) !== undefined;
  }
}

const UNNAMED_PART_ERRORS = new Set<string>(['MISSING_FIELD_NAME', 'INVALID_FIELD_NAME']);

type MultipartRequest = Request & { multipartForm?: MultipartForm };
type ParsedRequest = IncomingMessage & { body?: unknown; files?: unknown };

/**
 * Parses multipart bodies with multer into memory. The request pipeline bounds the whole body by the
 * bytes that arrive (src/http/body-limit.ts); multer bounds each part and the number of parts. A body
 * past its budget or one that stops arriving fails at once; a part over the data limit or too many
 * parts is a 413; a truncated or malformed form (no boundary, cut off, bad part headers) a 400.
 * Works on the bare node request, for the interceptor below and for the hot routes.
 */
@Injectable()
export class MultipartReader {
  private readonly upload: ReturnType<ReturnType<typeof multer>['any']>;
  private readonly idleMs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const partLimit = config.secrets.maxDataSize;
    this.idleMs = config.http.bodyIdleTimeoutMs;
    this.upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: partLimit, fieldSize: partLimit, fields: 64, files: 8, parts: 72, fieldNameSize: 200 },
    }).any();
  }

  /** The form of a multipart body; an empty form for any other body (which is left unread). */
  async read(req: IncomingMessage, res: ServerResponse): Promise<MultipartForm> {
    const parsed = req as ParsedRequest;
    const parsing = new Promise<boolean>((resolve, reject) =>
      // multer is Express middleware, but only reads headers and the stream and sets body/files.
      this.upload(parsed as Request, res as Response, (err: unknown) => {
        if (!err) return resolve(false);
        // Ansible's lookup plugin sends a lone part named "" when it has no password; multer
        // cannot store it. Such a body carries nothing we read, so it parses as an empty form.
        if (err instanceof multer.MulterError && UNNAMED_PART_ERRORS.has(err.code)) return resolve(true);
        if (err instanceof multer.MulterError) return reject(err);
        // busboy's own errors: no boundary, a form cut off before its end, malformed part headers.
        const message = err instanceof Error ? err.message : 'unreadable form';
        reject(new BadRequest(`Invalid multipart body: ${message}`));
      }),
    );
    const unnamed = await readWithinLimits(req, this.idleMs, parsing);
    return unnamed ? MultipartForm.empty() : new MultipartForm(collectParts(parsed));
  }
}

/** Makes the parsed form of a route's multipart body available to `@Form()`. */
@Injectable()
export class MultipartInterceptor implements NestInterceptor {
  constructor(private readonly reader: MultipartReader) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const req = http.getRequest<MultipartRequest>();
    req.multipartForm = await this.reader.read(req, http.getResponse<Response>());
    return next.handle();
  }
}

function collectParts(req: ParsedRequest): Part[] {
  const parts: Part[] = [];
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (typeof body === 'object') {
    for (const [name, value] of Object.entries(body)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (typeof v === 'string') parts.push({ name, value: Buffer.from(v, 'utf8'), isFile: false });
      }
    }
  }
  const files = (req.files ?? []) as Express.Multer.File[];
  for (const f of files) parts.push({ name: f.fieldname, value: f.buffer, isFile: true });
  return parts;
}

/** Reads the form MultipartInterceptor parsed (exported so the hot routes can recognise `@Form()`). */
export function formOf(_: unknown, ctx: ExecutionContext): MultipartForm {
  return ctx.switchToHttp().getRequest<MultipartRequest>().multipartForm ?? MultipartForm.empty();
}

/** The parsed form of a route behind MultipartInterceptor (empty for a non-multipart body). */
export const Form = createParamDecorator(formOf);
