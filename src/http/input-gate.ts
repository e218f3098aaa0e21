import type { IncomingMessage } from 'node:http';
import { decodeBasic } from '../common/basic-credentials';
import { controlCharacterError, controlCharacterIn } from '../common/control-characters';
import { ValidationFailed } from '../common/errors';
import { requestCookies } from './cookies';
import type { RouteParams } from './route-params';

/**
 * Control characters (docs/limits.md) in what every request carries, checked once before routing:
 * decoded path segments (named after the route's parameter where one matches), decoded query keys
 * and values, header values (tab allowed, as HTTP allows it), decoded cookies and the login of Basic
 * credentials. Any hit is a 400 in Concord's validation shape naming the field. The Basic password
 * is a credential, bytes to the hasher, and is not checked.
 */
export function checkRequestInput(req: IncomingMessage, routes: RouteParams): void {
  const url = req.url ?? '';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (path.includes('%')) checkPath(req.method ?? 'GET', path, routes);
  if (q >= 0) checkQuery(url.slice(q + 1));
  checkHeaders(req);
  const authorization = req.headers.authorization;
  if (authorization && /^basic\s/i.test(authorization)) {
    const credentials = decodeBasic(authorization.slice(6).trim());
    if (typeof credentials === 'object') check(credentials.login, 'username', 'The Basic login');
  }
}

function checkPath(method: string, path: string, routes: RouteParams): void {
  const segments = path.split('/').slice(1);
  const decoded = segments.map((segment, index) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw new ValidationFailed(`Path segment ${index + 1} has an invalid percent-encoding`, 'path');
    }
  });
  decoded.forEach((value, index) => {
    const found = controlCharacterIn(value);
    if (!found) return;
    const name = routes.nameAt(method, decoded, index);
    throw controlCharacterError(name ?? 'path', name ? `Path parameter '${name}'` : 'The path', found);
  });
}

function checkQuery(query: string): void {
  for (const [key, value] of new URLSearchParams(query)) {
    check(key, key || '*', 'A query parameter name');
    check(value, key, `Query parameter '${key}'`);
  }
}

function checkHeaders(req: IncomingMessage): void {
  const raw = req.rawHeaders;
  for (let i = 1; i < raw.length; i += 2) {
    // Tab is the one control character HTTP allows in a field value (CR and LF never get past the parser).
    const found = controlCharacterIn(raw[i], 'free text');
    if (found) throw controlCharacterError(raw[i - 1].toLowerCase(), `Header '${raw[i - 1]}'`, found);
  }
  if (req.headers.cookie === undefined) return;
  for (const [name, value] of requestCookies(req)) check(value, name, `Cookie '${name}'`);
}

function check(value: string, id: string, what: string): void {
  const found = controlCharacterIn(value);
  if (found) throw controlCharacterError(id, what, found);
}
