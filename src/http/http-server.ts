import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HttpLimits } from '../config/config';
import { VALIDATION_MEDIA_TYPE } from './http-exception.filter';

/** How often node looks for requests past their header or request timeout. */
const TIMEOUT_CHECK_MS = 1000;

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
