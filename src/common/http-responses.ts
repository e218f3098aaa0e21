import type { ServerResponse } from 'node:http';

/**
 * Complete answers written on the bare node response, the way Express's `res.send` writes them
 * (charset added to textual types, Content-Length, no body for HEAD). Shared by the Nest error
 * filter and the hot routes, so a response is byte-for-byte the same whichever path served it.
 */
export function sendBody(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  const text = typeof body === 'string';
  res.statusCode = status;
  res.setHeader('Content-Type', text ? withCharset(contentType) : contentType);
  res.setHeader('Content-Length', text ? Buffer.byteLength(body, 'utf8') : body.length);
  // A string body goes out as a string: node then sends it in one chunk with the header block
  // instead of copying it into a Buffer and corking two chunks.
  if (res.req?.method === 'HEAD') res.end();
  else res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendBody(res, status, 'application/json', JSON.stringify(value));
}

export function sendText(res: ServerResponse, status: number, message: string): void {
  sendBody(res, status, 'text/plain', message);
}

/** No body at all; the content type is still announced where Concord announces one. */
export function sendEmpty(res: ServerResponse, status: number, contentType?: string): void {
  res.statusCode = status;
  if (contentType) res.setHeader('Content-Type', contentType);
  res.end();
}

function withCharset(contentType: string): string {
  return /;\s*charset=/i.test(contentType) ? contentType : `${contentType}; charset=utf-8`;
}
