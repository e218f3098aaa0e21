import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import proxyAddr from 'proxy-addr';
import { AccessDenied } from '../common/errors';
import { TRUST_PROXY } from '../http/request-log';

/** What the cross-site request decision depends on. */
export interface CsrfFacts {
  method: string;
  /** Authenticated by the console session cookie, with no other credential sent. */
  cookieOnlySession: boolean;
  /** X-Concord-UI-Request was sent (the console sends it on every call; a cross-site form cannot). */
  uiHeader: boolean;
  /** The Origin header, when the browser sent one. */
  origin: string | undefined;
  /** The origins allowed to drive a session: the server's own as the browser saw it, and the CORS origin. */
  allowedOrigins: readonly string[];
}

export type CsrfDenial = 'no-ui-header' | 'foreign-origin';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A request that may change state and rides on the session cookie alone must prove it comes from
 * the console: it carries X-Concord-UI-Request, and its Origin, when sent, is one the server
 * accepts. API keys and Basic credentials are never sent by a browser on its own, so they pass.
 */
export function csrfDenial(f: CsrfFacts): CsrfDenial | null {
  if (!f.cookieOnlySession || SAFE_METHODS.has(f.method.toUpperCase())) return null;
  if (!f.uiHeader) return 'no-ui-header';
  if (f.origin !== undefined && !f.allowedOrigins.includes(f.origin.toLowerCase())) return 'foreign-origin';
  return null;
}

const trusted = proxyAddr.compile(TRUST_PROXY);

/** The facts of a request the session cookie authenticated; `corsOrigin` is STRONGROOM_CORS_ORIGIN. */
export function csrfFacts(req: IncomingMessage, corsOrigin: string | undefined): CsrfFacts {
  const allowed = [ownOrigin(req)];
  if (corsOrigin) allowed.push(corsOrigin.replace(/\/+$/, '').toLowerCase());
  return {
    method: req.method ?? 'GET',
    cookieOnlySession: req.headers.authorization === undefined,
    uiHeader: (header(req, 'x-concord-ui-request') ?? '') !== '',
    origin: header(req, 'origin'),
    allowedOrigins: allowed,
  };
}

/** 403 for a cross-site request riding on a console session (see `csrfDenial`). */
export function assertNotCrossSite(facts: CsrfFacts): void {
  switch (csrfDenial(facts)) {
    case null:
      return;
    case 'no-ui-header':
      throw new AccessDenied(
        'Refused: a request that changes state with a console session must send the X-Concord-UI-Request header',
      );
    case 'foreign-origin':
      throw new AccessDenied(`Refused: a console session cannot be used from the origin ${facts.origin}`);
  }
}

/**
 * This server's origin as the browser saw it: behind a trusted proxy (the one Express trusts too),
 * the scheme and host it forwarded; otherwise this connection's scheme and Host header.
 */
function ownOrigin(req: IncomingMessage): string {
  const viaProxy = req.socket.remoteAddress !== undefined && trusted(req.socket.remoteAddress, 0);
  const encrypted = (req.socket as Partial<TLSSocket>).encrypted === true;
  const proto = (viaProxy && firstValue(header(req, 'x-forwarded-proto'))) || (encrypted ? 'https' : 'http');
  const host = (viaProxy && firstValue(header(req, 'x-forwarded-host'))) || header(req, 'host') || '';
  return `${proto}://${host}`.toLowerCase();
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function firstValue(value: string | undefined): string | undefined {
  return value?.split(',')[0].trim() || undefined;
}
