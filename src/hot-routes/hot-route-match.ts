import type { IncomingMessage } from 'node:http';
import { hasBody } from '../http/body-limit';

/** A request the hot routes serve, with its route parameters decoded as Express decodes them. */
export type HotRoute =
  | { kind: 'metadata'; orgName: string; secretName: string }
  | { kind: 'data'; orgName: string; secretName: string }
  | { kind: 'create'; orgName: string };

// The exact lower-case paths Nest registers for these routes (Express also takes other spellings,
// such as a trailing slash or upper case; those simply go to Nest).
const METADATA = /^\/api\/v[12]\/org\/([^/]+)\/secret\/([^/]+)$/;
const DATA = /^\/api\/v1\/org\/([^/]+)\/secret\/([^/]+)\/data$/;
const CREATE = /^\/api\/v1\/org\/([^/]+)\/secret$/;

/**
 * Which hot route a request is, or null for everything else (Nest serves it). Only the plain forms
 * are taken: GET without a body, POST with no body or a multipart one. A JSON body on these routes,
 * HEAD, OPTIONS or a parameter that does not decode all stay on Nest's path, which handles them.
 */
export function matchHotRoute(req: IncomingMessage): HotRoute | null {
  const url = req.url ?? '';
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  if (req.method === 'GET') {
    const m = hasBody(req) ? null : METADATA.exec(path);
    return m ? withParams(m, (orgName, secretName) => ({ kind: 'metadata', orgName, secretName })) : null;
  }
  if (req.method !== 'POST' || (hasBody(req) && !isMultipart(req))) return null;
  const data = DATA.exec(path);
  if (data) return withParams(data, (orgName, secretName) => ({ kind: 'data', orgName, secretName }));
  const create = CREATE.exec(path);
  return create ? withParams(create, (orgName) => ({ kind: 'create', orgName })) : null;
}

function withParams(match: RegExpExecArray, build: (...params: string[]) => HotRoute): HotRoute | null {
  try {
    return build(...match.slice(1).map((p) => decodeURIComponent(p)));
  } catch {
    return null;
  }
}

function isMultipart(req: IncomingMessage): boolean {
  return /^multipart\/form-data\s*(;|$)/i.test(req.headers['content-type'] ?? '');
}
