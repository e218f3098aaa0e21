import * as http from 'node:http';
import * as https from 'node:https';

export interface HttpAnswer {
  status: number;
  header(name: string): string | undefined;
  body: Buffer;
}

export interface HttpBody {
  bytes: Buffer;
  contentType: string;
}

/** Answers larger than this are refused rather than held in memory (a full page of secrets is far smaller). */
const MAX_ANSWER = 256 * 1024 * 1024;

/**
 * One request over node:http(s). The CLI does not use fetch for the exchange itself: each process
 * would compile undici's WebAssembly HTTP parser first, which costs about three times Node's own
 * start-up in CPU for every invocation. The default agents keep connections alive between the
 * requests of one command (export reads many secrets) and let the process exit when it is done.
 */
export function exchange(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: HttpBody | undefined,
  timeoutMs: number,
): Promise<HttpAnswer> {
  const transport = url.protocol === 'https:' ? https : http;
  const allHeaders: Record<string, string | number> = { ...headers };
  if (body) {
    allHeaders['Content-Type'] = body.contentType;
    allHeaders['Content-Length'] = body.bytes.length;
  }
  return new Promise((resolve, reject) => {
    const req = transport.request(url, { method, headers: allHeaders }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER) req.destroy(new Error(`the answer is larger than ${MAX_ANSWER} bytes`));
        else chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('end', () => {
        const value = (name: string) => {
          const v = res.headers[name.toLowerCase()];
          return Array.isArray(v) ? v.join(', ') : v;
        };
        resolve({ status: res.statusCode ?? 0, header: value, body: Buffer.concat(chunks) });
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', reject);
    req.end(body?.bytes);
  });
}

/** A FormData serialized as the platform serializes it (boundary and all), for a node:http body. */
export async function multipartBody(form: FormData): Promise<HttpBody> {
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    bytes: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type') ?? 'multipart/form-data',
  };
}
