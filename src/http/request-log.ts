import type { IncomingMessage, ServerResponse } from 'node:http';
import proxyAddr from 'proxy-addr';
import { randomUuid } from '../crypto/random';
import { recordRequestMetrics } from '../metrics/request-metrics';
import { logger } from '../common/json-logger';
import type { RequestContext } from '../common/request-context';

/** Who may set X-Forwarded-For: only a proxy on this host (Express's `trust proxy` gets the same value). */
export const TRUST_PROXY = 'loopback';
const trusted = proxyAddr.compile(TRUST_PROXY);

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Starts serving a request: gives it an id (the caller's X-Request-Id when well-formed, echoed back)
 * and one access-log line when the response finishes; bodies are never logged. Works on the bare node
 * request, so Express's middleware and the hot routes begin every request the same way.
 */
export function beginRequest(req: IncomingMessage, res: ServerResponse): RequestContext {
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUuid();
  res.setHeader('X-Request-Id', requestId);
  const started = process.hrtime.bigint();
  const isUi = String(req.headers['x-concord-ui-request'] ?? '').toLowerCase() === 'true';
  const context: RequestContext = {
    requestId,
    // A socket already gone has no address; proxy-addr would answer undefined.
    ip: req.socket.remoteAddress ? proxyAddr(req, trusted) : '',
    source: isUi ? 'UI' : 'API_REQUEST',
  };
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    recordRequestMetrics(req, res.statusCode, context.route, ms / 1000);
    logger.write('info', 'request', 'http', {
      requestId,
      method: req.method,
      path: (req.url ?? '').split('?')[0],
      status: res.statusCode,
      ms: Math.round(ms * 10) / 10,
      userId: context.principal?.userId,
    });
  });
  return context;
}
