import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';

export interface StreamedAnswer {
  status?: number;
  headers?: http.IncomingHttpHeaders;
  body: string;
  /** Bytes of the body written before the server answered or closed the connection. */
  sent: number;
  /** True when the connection failed (reset, closed) before a complete answer arrived. */
  broken: boolean;
  /** The socket error's code (ECONNRESET, EPIPE...) when the connection failed. */
  error?: string;
}

export interface StreamOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Written first (e.g. a multipart part header). */
  head?: Buffer | string;
  /** Then this chunk, again and again, until `total` bytes of it are written or the server has answered. */
  chunk?: Buffer;
  total?: number;
  /** Written last, when everything else was sent (e.g. the closing boundary). */
  tail?: Buffer | string;
  /** Pause between chunks, ms. */
  pauseMs?: number;
  /** Stop sending (without ending the request) after this many bytes of `chunk`. */
  stallAfter?: number;
  agent?: http.Agent;
  /** The certificate an `https:` URL's server is trusted by. */
  ca?: Buffer;
}

/**
 * Sends a request body chunk by chunk (chunked transfer encoding unless a Content-Length is given),
 * honouring backpressure, and stops sending as soon as the server answers or drops the connection.
 */
export function streamRequest(url: string, options: StreamOptions): Promise<StreamedAnswer> {
  return new Promise((resolve) => {
    const answer: StreamedAnswer = { body: '', sent: 0, broken: false };
    let done = false;
    let answered = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve(answer);
    };
    const requestOptions = { method: options.method ?? 'POST', headers: options.headers, agent: options.agent };
    const req = url.startsWith('https:')
      ? https.request(url, { ...requestOptions, ca: options.ca })
      : http.request(url, requestOptions);
    req.on('response', (res) => {
      answered = true;
      answer.status = res.statusCode;
      answer.headers = res.headers;
      res.setEncoding('utf8');
      res.on('data', (d: string) => (answer.body += d));
      res.on('end', finish);
      res.on('error', finish);
      res.on('close', finish);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      answer.error = error.code ?? error.message;
      answer.broken = !answered;
      if (!answered) finish();
    });
    const write = (data: Buffer | string): Promise<boolean> =>
      new Promise((ok) => {
        if (answered || req.destroyed) return ok(false);
        if (req.write(data)) return ok(true);
        const go = () => {
          req.off('drain', go);
          req.off('close', go);
          ok(!answered && !req.destroyed);
        };
        req.once('drain', go);
        req.once('close', go);
      });
    void (async () => {
      if (options.head !== undefined && !(await write(options.head))) return;
      const chunk = options.chunk;
      const total = options.total ?? 0;
      while (chunk && answer.sent < total) {
        if (options.stallAfter !== undefined && answer.sent >= options.stallAfter) return;
        const part = chunk.subarray(0, Math.min(chunk.length, total - answer.sent));
        if (!(await write(part))) return;
        answer.sent += part.length;
        if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
      }
      if (options.tail !== undefined && !(await write(options.tail))) return;
      if (!answered && !req.destroyed) req.end();
    })();
  });
}

/** The head of a one-part multipart form whose part `name` follows, and the tail that closes it. */
export function multipartFrame(name: string, boundary = 'strongroom-test-boundary') {
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    head: `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    tail: `\r\n--${boundary}--\r\n`,
  };
}

export interface RawExchange {
  /** Everything the server sent. */
  text: string;
  /** Whether the server closed the connection within the wait. */
  closed: boolean;
  /** When the first byte of the answer arrived, ms after sending. */
  firstByteMs?: number;
}

/**
 * Writes `data` on a fresh TCP connection (nothing else: no framing is added) and collects what the
 * server sends until it closes the connection or `waitMs` passes.
 */
export function rawExchange(port: number, data: string | Buffer, waitMs = 3000): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const started = Date.now();
    const result: RawExchange = { text: '', closed: false };
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(result);
    }, waitMs);
    socket.on('connect', () => socket.write(data));
    socket.on('data', (d: Buffer) => {
      result.firstByteMs ??= Date.now() - started;
      result.text += d.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      result.closed = true;
      resolve(result);
    });
  });
}

/** Status code and body of a raw HTTP/1.1 answer. */
export function parseRaw(text: string): { status: number; headers: string; body: string } {
  const end = text.indexOf('\r\n\r\n');
  const headers = end < 0 ? text : text.slice(0, end);
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0),
    headers,
    body: end < 0 ? '' : text.slice(end + 4),
  };
}
