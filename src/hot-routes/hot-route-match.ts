import type { IncomingMessage } from 'node:http';
import { hasBody } from '../http/body-limit';

/**
 * A request the hot routes serve, with its route parameters decoded as Express decodes them and the
 * template of the Nest route it stands for (the route label of its metrics).
 */
export type HotRoute =
  | { kind: 'metadata'; template: string; orgName: string; secretName: string }
  | { kind: 'data'; template: string; orgName: string; secretName: string }
  | { kind: 'create'; template: string; orgName: string };

// The exact lower-case paths Nest registers for these routes (Express also takes other spellings,
// such as a trailing slash or upper case; those simply go to Nest).
const METADATA = /^\/api\/v([12])\/org\/([^/]+)\/secret\/([^/]+)$/;
const DATA = /^\/api\/v1\/org\/([^/]+)\/secret\/([^/]+)\/data$/;
const CREATE = /^\/api\/v1\/org\/([^/]+)\/secret$/;

/** The templates of the Nest routes above, as Express reports them; a test checks each is registered. */
export const HOT_ROUTE_TEMPLATES = {
  metadataV1: '/api/v1/org/:orgName/secret/:secretName',
  metadataV2: '/api/v2/org/:orgName/secret/:secretName',
  data: '/api/v1/org/:orgName/secret/:secretName/data',
  create: '/api/v1/org/:orgName/secret',
} as const;

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
    if (!m) return null;
    const template = m[1] === '1' ? HOT_ROUTE_TEMPLATES.metadataV1 : HOT_ROUTE_TEMPLATES.metadataV2;
    return withParams(m, 2, (orgName, secretName) => ({ kind: 'metadata', template, orgName, secretName }));
  }
  if (req.method !== 'POST' || (hasBody(req) && !isMultipart(req))) return null;
  const data = DATA.exec(path);
  if (data) {
    const template = HOT_ROUTE_TEMPLATES.data;
    return withParams(data, 1, (orgName, secretName) => ({ kind: 'data', template, orgName, secretName }));
  }
  const create = CREATE.exec(path);
  const template = HOT_ROUTE_TEMPLATES.create;
  return create ? withParams(create, 1, (orgName) => ({ kind: 'create', template, orgName })) : null;
}

function withParams(match: RegExpExecArray, first: number, build: (...params: string[]) => HotRoute): HotRoute | null {
  try {
    return build(...match.slice(first).map((p) => decodeURIComponent(p)));
  } catch {
    return null;
  }
}

function isMultipart(req: IncomingMessage): boolean {
  return /^multipart\/form-data\s*(;|$)/i.test(req.headers['content-type'] ?? '');
}
