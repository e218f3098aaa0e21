import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpLimits } from '../config/config';
import { AppError, PayloadTooLarge, RequestTimeout } from '../common/errors';
import { lingerOnClose } from './http-server';

interface BodyState {
  limit: number;
  received: number;
  lastChunkAt: number;
  /** Set when the body passed the limit: nothing more reaches a reader, and the connection closes. */
  refused?: AppError;
  /** The readers waiting for this body, failed at once when it is refused. */
  readers: Set<BodyReader>;
}

interface BodyReader {
  req: IncomingMessage;
  state: BodyState;
  idleMs: number;
  fail: (error: AppError) => void;
}

const STATE = Symbol('body limit');
type LimitedRequest = IncomingMessage & { [STATE]?: BodyState };

export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';', 1)[0].trim().toLowerCase();
}

export function isJson(req: IncomingMessage): boolean {
  const type = mediaType(req);
  return type === 'application/json' || /^application\/[^/]+\+json$/.test(type);
}

/** The most this request may send: multipart forms and JSON have their own budgets; other bodies are never read. */
function budget(req: IncomingMessage, limits: HttpLimits): number {
  if (mediaType(req) === 'multipart/form-data') return limits.multipartBytes;
  return isJson(req) ? limits.jsonBytes : limits.otherBytes;
}

/**
 * Bounds a request body by the bytes that actually arrive, chunked or not: a declared length over the
 * budget is refused before anything is read; past the budget, the rest of the body never reaches a
 * reader and the reader in progress fails at once with 413 (`readWithinLimits`). A response sent
 * before the whole body arrived (any 4xx, or the 413) closes the connection, so whatever the client
 * still sends is discarded with the socket instead of being read.
 */
export function limitBody(req: IncomingMessage, res: ServerResponse, limits: HttpLimits): void {
  if (!hasBody(req)) return;
  const limit = budget(req, limits);
  const declared = Number(req.headers['content-length'] ?? 0);
  closeIfUnread(req, res);
  if (declared > limit) throw tooLarge(limit);
  const state: BodyState = { limit, received: 0, lastChunkAt: Date.now(), readers: new Set() };
  (req as LimitedRequest)[STATE] = state;
  // The HTTP parser hands every body chunk to push(), before any reader sees it: the one place that
  // counts every byte whoever reads (multer, the JSON reader, or node discarding an unread body).
  // An own property, because Express replaces the request's prototype.
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (state.refused) return true;
    if (chunk !== null && chunk !== undefined) {
      state.received += (chunk as Buffer).length;
      state.lastChunkAt = Date.now();
      if (state.received > state.limit) {
        refuse(state, tooLarge(state.limit));
        return true;
      }
    }
    return push(chunk, encoding);
  };
  if (/^100-continue$/i.test(req.headers.expect ?? '')) res.writeContinue();
}

/**
 * Runs a body reader (`work`) and fails it at once when the body passes its budget (413) or stops
 * arriving for `idleMs` (408), instead of waiting for a body that will never complete.
 */
export function readWithinLimits<T>(req: IncomingMessage, idleMs: number, work: Promise<T>): Promise<T> {
  const state = (req as LimitedRequest)[STATE];
  if (!state || req.complete) return work;
  if (state.refused) return Promise.reject(state.refused);
  // Any wait before a reader starts (authentication, say) was ours, not the client's.
  state.lastChunkAt = Date.now();
  return new Promise<T>((resolve, reject) => {
    const reader: BodyReader = { req, state, idleMs, fail: reject };
    state.readers.add(reader);
    idleSweep.watch(reader);
    const done = () => {
      state.readers.delete(reader);
      idleSweep.forget(reader);
    };
    work.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: Error) => {
        done();
        reject(error);
      },
    );
  });
}

function refuse(state: BodyState, error: AppError): void {
  state.refused = error;
  for (const reader of state.readers) reader.fail(error);
}

/**
 * One timer for every body being read, instead of one per read (a timer armed and cleared on every
 * form upload is a measurable share of a hot route): it runs while reads are in progress, and fails
 * a read whose body has not moved for its idle time, at most a sweep (a tenth of a second) late.
 */
class IdleSweep {
  private readonly reading = new Set<BodyReader>();
  private timer?: NodeJS.Timeout;

  watch(reader: BodyReader): void {
    this.reading.add(reader);
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), SWEEP_MS);
      this.timer.unref();
    }
  }

  forget(reader: BodyReader): void {
    this.reading.delete(reader);
  }

  private sweep(): void {
    if (this.reading.size === 0) {
      // Stopped by a sweep rather than by the last reader, so a busy server does not re-arm it per request.
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    const now = Date.now();
    for (const { req, state, idleMs } of this.reading) {
      if (now - state.lastChunkAt < idleMs || state.refused || req.complete) continue;
      refuse(state, new RequestTimeout(`No part of the request body arrived for ${idleMs / 1000} s`));
    }
  }
}

const SWEEP_MS = 100;
const idleSweep = new IdleSweep();

function tooLarge(limit: number): PayloadTooLarge {
  return new PayloadTooLarge(`Request body exceeds the limit of ${limit} bytes`);
}

/**
 * A response written before the body has fully arrived says `Connection: close`, and its connection
 * drains what the client still sends before it closes, so the client reads the answer.
 */
function closeIfUnread(req: IncomingMessage, res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = (...args: unknown[]) => {
    if (!req.complete || (req as LimitedRequest)[STATE]?.refused) {
      res.shouldKeepAlive = false;
      lingerOnClose(req.socket);
    }
    return writeHead(...args);
  };
}
