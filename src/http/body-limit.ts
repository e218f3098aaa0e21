import { IncomingMessage, ServerResponse } from 'node:http';
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

// Deliberately not a registered symbol: a test runner that loads a copy of this module per test file
// gets a pair of hooks per copy, each acting only on the requests its own copy marked, and so
// refusing them with its own copy's error classes (which that copy's error writer recognises).
const STATE = Symbol('body limit');
let hooksInstalled = false;
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
  const state: BodyState = { limit, received: 0, lastChunkAt: Date.now(), readers: new Set() };
  (req as LimitedRequest)[STATE] = state;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    state.refused = tooLarge(limit);
    throw state.refused;
  }
  if (/^100-continue$/i.test(req.headers.expect ?? '')) res.writeContinue();
}

type Push = (this: IncomingMessage, chunk: unknown, encoding?: BufferEncoding) => boolean;
type WriteHead = (this: ServerResponse, ...args: unknown[]) => ServerResponse;
/**
 * Node's HTTP parser hands every body chunk to the request's `push()` before any reader sees it, and
 * every response head goes out through `writeHead()`: the two places that see every byte of a body
 * whoever reads it (multer, the JSON reader, or node discarding an unread body) and every answer. Both
 * are wrapped once for the process, on node's own prototypes (Express's request and response inherit
 * them) by the request pipeline at start-up, and act only on requests `limitBody` marked. Setting them on each request instead made every
 * form upload's request and response an object of its own shape, which cost the form routes about a
 * tenth of their throughput (bench/README.md).
 */
export function installBodyHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const requests = IncomingMessage.prototype as unknown as { push: Push };
  const push = requests.push;
  requests.push = function (this: LimitedRequest, chunk, encoding) {
    const state = this[STATE];
    if (state !== undefined) {
      if (state.refused) return true;
      if (chunk !== null && chunk !== undefined) {
        state.received += (chunk as Buffer).length;
        state.lastChunkAt = Date.now();
        if (state.received > state.limit) {
          refuse(state, tooLarge(state.limit));
          return true;
        }
      }
    }
    return push.call(this, chunk, encoding);
  };
  const responses = ServerResponse.prototype as unknown as { writeHead: WriteHead };
  const writeHead = responses.writeHead;
  responses.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const req = this.req as LimitedRequest | undefined;
    const state = req?.[STATE];
    // An answer before the body has arrived: `Connection: close`, and the connection drains what the
    // client still sends before it closes, so the client reads the answer.
    if (state !== undefined && (!req!.complete || state.refused)) {
      this.shouldKeepAlive = false;
      lingerOnClose(req!.socket);
    }
    return writeHead.apply(this, args);
  };
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
  for (const reader of state.readers) {
    reader.fail(error);
    idleSweep.forget(reader);
  }
  state.readers.clear();
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
