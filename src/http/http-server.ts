import type { Server } from 'node:http';
import { Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { HttpLimits } from '../config/config';
import { VALIDATION_MEDIA_TYPE } from './http-exception.filter';

/** How often node looks for requests past their header or request timeout. */
const TIMEOUT_CHECK_MS = 1000;

/** How long a connection answered before its body arrived keeps draining: in all, and without data. */
const LINGER_MAX_MS = 5000;
const LINGER_IDLE_MS = 2000;

const LINGER = Symbol('linger');
type LingeringSocket = Socket & { [LINGER]?: boolean };

/**
 * Timeouts of the HTTP server (docs/limits.md): the headers must arrive within `headersTimeoutMs`,
 * the whole request within `requestTimeoutMs` (sized so the largest allowed body still gets through on
 * a slow link); a body that stops arriving is cut off by the body readers after `bodyIdleTimeoutMs`.
 * Requests node's parser refuses get an answer in the API's own shapes.
 */
export function configureHttpServer(server: Server, limits: HttpLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  // Read when the server starts listening, which happens after this.
  (server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval = TIMEOUT_CHECK_MS;
  server.on('clientError', answerClientError);
  // Over TLS, node closes the TLS socket, not the TCP one under it.
  server.on(server instanceof HttpsServer ? 'secureConnection' : 'connection', closeGently);
}

/**
 * Marks the connection of an answer sent before its request body has fully arrived (a 413, a 401 for
 * an upload): when node closes it, it lingers (see `closeGently`).
 */
export function lingerOnClose(socket: Socket | null): void {
  if (socket) (socket as LingeringSocket)[LINGER] = true;
}

/**
 * A client still sending a body when the server closes the connection gets a TCP reset, which can
 * destroy the answer it has not read yet: it sees a broken pipe instead of the 413 that names the
 * problem. So a marked connection is closed the way HTTP servers have long done it ("lingering
 * close"): the answer and our end of the connection go out, what the client still sends is read and
 * discarded (the body limit hands none of it on), and the socket is destroyed when the client closes
 * its end, after `LINGER_IDLE_MS` without data, or after `LINGER_MAX_MS` in all.
 */
function closeGently(socket: LingeringSocket): void {
  const destroySoon = socket.destroySoon.bind(socket);
  socket.destroySoon = () => {
    if (!socket[LINGER] || !socket.readable) return destroySoon();
    const destroy = () => socket.destroy();
    socket.end();
    socket.setTimeout(LINGER_IDLE_MS, destroy);
    const deadline = setTimeout(destroy, LINGER_MAX_MS);
    socket.once('end', destroy);
    socket.once('close', () => clearTimeout(deadline));
  };
}

function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) socket.write(responseFor(error.code));
  socket.destroy(error);
}

function responseFor(code: string | undefined): string {
  switch (code ?? '') {
    case 'HPE_HEADER_OVERFLOW':
      return raw(431, 'text/plain; charset=utf-8', 'Request headers are too large');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return raw(408, 'text/plain; charset=utf-8', 'The request did not arrive in time');
    case 'HPE_INVALID_HEADER_TOKEN':
      return invalid('headers', 'A header holds a character HTTP does not allow, such as a control character');
    case 'HPE_INVALID_URL':
      return invalid('path', 'The path holds a character HTTP does not allow, such as a control character');
    default:
      return raw(400, 'text/plain; charset=utf-8', `Malformed HTTP request${code ? ` (${code})` : ''}`);
  }
}

function invalid(id: string, message: string): string {
  return raw(400, `${VALIDATION_MEDIA_TYPE}; charset=utf-8`, JSON.stringify([{ id, message }]));
}

function raw(status: number, contentType: string, body: string): string {
  const reason = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' }[status];
  return (
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: ${contentType}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}
