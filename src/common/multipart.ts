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
import { PayloadTooLarge } from './errors';

interface Part {
  name: string;
  value: Buffer;
  isFile: boolean;
}

/**
 * A parsed multipart body with Concord's reading rules (secrets spec §0.4): text fields are found by
 * case-insensitive name, the first one wins, values are trimmed and blank means absent; stream
 * fields (`data`, `public`, `private`) match case-sensitively, untrimmed, as file or text parts.
 */
export class MultipartForm {
  constructor(private readonly parts: readonly Part[]) {}

  static empty(): MultipartForm {
    return new MultipartForm([]);
  }

  text(name: string): string | undefined {
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
    return this.text(name) !== undefined || this.bytes(name) !== undefined;
  }
}

const UNNAMED_PART_ERRORS = new Set<string>(['MISSING_FIELD_NAME', 'INVALID_FIELD_NAME']);

type MultipartRequest = Request & { multipartForm?: MultipartForm };
type ParsedRequest = IncomingMessage & { body?: unknown; files?: unknown };

/**
 * Parses multipart bodies with multer into memory, with bounds enforced while the body streams in:
 * a part over the data limit stops the upload with a 413, and a declared Content-Length far above
 * any valid request is refused before a byte is read. Works on the bare node request, for the
 * interceptor below and for the hot routes.
 */
@Injectable()
export class MultipartReader {
  private readonly upload: ReturnType<ReturnType<typeof multer>['any']>;
  private readonly maxBody: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const partLimit = config.secrets.maxDataSize;
    this.maxBody = partLimit * 2 + 256 * 1024;
    this.upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: partLimit, fieldSize: partLimit, fields: 64, files: 8, parts: 72, fieldNameSize: 200 },
    }).any();
  }

  /** The form of a multipart body; an empty form for any other body (which is left unread). */
  async read(req: IncomingMessage, res: ServerResponse): Promise<MultipartForm> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.maxBody) {
      throw new PayloadTooLarge(`Request body of ${declared} bytes exceeds the limit of ${this.maxBody} bytes`);
    }
    const parsed = req as ParsedRequest;
    const unnamed = await new Promise<boolean>((resolve, reject) =>
      // multer is Express middleware, but only reads headers and the stream and sets body/files.
      this.upload(parsed as Request, res as Response, (err: unknown) => {
        if (!err) return resolve(false);
        // Ansible's lookup plugin sends a lone part named "" when it has no password (§0.4); multer
        // cannot store it. Such a body carries nothing we read, so it parses as an empty form.
        if (err instanceof multer.MulterError && UNNAMED_PART_ERRORS.has(err.code)) return resolve(true);
        reject(err instanceof Error ? err : new Error('multipart parsing failed'));
      }),
    );
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

/** The parsed form of a route behind MultipartInterceptor (empty for a non-multipart body). */
export const Form = createParamDecorator((_: unknown, ctx: ExecutionContext): MultipartForm => {
  return ctx.switchToHttp().getRequest<MultipartRequest>().multipartForm ?? MultipartForm.empty();
});
