import type { Request } from 'express';
import { SignatureRejected, headerOf } from './signature-rejected';

/** One signature of an RFC 9421 request: its covered components, parameters and value. */
export interface Rfc9421Signature {
  components: string[];
  params: Map<string, string | number>;
  /** The `Signature-Input` member value as received: the `@signature-params` line of the base. */
  paramsText: string;
  signature: Buffer;
}

/** Splits a structured-field dictionary into members, outside quotes and parentheses. */
function members(header: string): Map<string, string> {
  const out = new Map<string, string>();
  let depth = 0;
  let quoted = false;
  let start = 0;
  const push = (end: number) => {
    const member = header.slice(start, end).trim();
    const eq = member.indexOf('=');
    if (eq > 0) out.set(member.slice(0, eq).trim(), member.slice(eq + 1).trim());
  };
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      push(i);
      start = i + 1;
    }
  }
  push(header.length);
  return out;
}

const INNER_LIST =
  /^\(((?:\s*"[^"\\]*")*)\s*\)((?:;[a-z*][a-z0-9_.*-]*=(?:"[^"\\]*"|-?[0-9]{1,15}|[A-Za-z*][^;\s]*))*)$/;

/** Reads the signature labelled `label` from `Signature-Input` and `Signature`. */
export function readRfc9421Signature(req: Request, label: string): Rfc9421Signature {
  const input = headerOf(req, 'signature-input');
  const signatureHeader = headerOf(req, 'signature');
  if (input === undefined || signatureHeader === undefined) throw new SignatureRejected('The request is not signed');
  const paramsText = members(input).get(label);
  const value = members(signatureHeader).get(label);
  if (paramsText === undefined || value === undefined) {
    throw new SignatureRejected(`The request carries no signature labelled ${label}`);
  }
  const list = INNER_LIST.exec(paramsText);
  if (!list) throw new SignatureRejected('The Signature-Input header is malformed');
  const components = [...list[1].matchAll(/"([^"\\]*)"/g)].map((m) => m[1]);
  const params = new Map<string, string | number>();
  for (const m of list[2].matchAll(/;([a-z*][a-z0-9_.*-]*)=("[^"\\]*"|-?[0-9]{1,15}|[^;\s]+)/g)) {
    if (params.has(m[1])) throw new SignatureRejected(`Repeated Signature-Input parameter: ${m[1]}`);
    params.set(m[1], m[2].startsWith('"') ? m[2].slice(1, -1) : /^-?[0-9]+$/.test(m[2]) ? Number(m[2]) : m[2]);
  }
  const sig = /^:([A-Za-z0-9+/]+={0,2}):$/.exec(value);
  if (!sig) throw new SignatureRejected('The Signature header is malformed');
  return { components, params, paramsText, signature: Buffer.from(sig[1], 'base64') };
}

export function assertCoversComponents(sig: Rfc9421Signature, required: readonly string[]): void {
  const missing = required.filter((c) => !sig.components.includes(c));
  if (missing.length > 0) throw new SignatureRejected(`The signature must cover: ${missing.join(', ')}`);
}

/** The RFC 9421 signature base (section 2.5): one line per component, then the `@signature-params` line. */
export function rfc9421Base(req: Request, sig: Rfc9421Signature): Buffer {
  const lines = sig.components.map((c) => `"${c}": ${componentValue(req, c)}`);
  lines.push(`"@signature-params": ${sig.paramsText}`);
  return Buffer.from(lines.join('\n'), 'utf8');
}

function componentValue(req: Request, component: string): string {
  const target = req.originalUrl;
  const q = target.indexOf('?');
  switch (component) {
    case '@request-target':
      return target;
    case '@method':
      return req.method.toUpperCase();
    case '@path':
      return q < 0 ? target : target.slice(0, q);
    case '@query':
      return q < 0 ? '?' : target.slice(q);
    case '@authority':
      return (headerOf(req, 'host') ?? '').toLowerCase();
    default: {
      if (component.startsWith('@')) throw new SignatureRejected(`Unsupported signature component: ${component}`);
      const value = headerOf(req, component);
      if (value === undefined)
        throw new SignatureRejected(`The signed header ${component} is missing from the request`);
      return value.trim();
    }
  }
}

/** `created` must be present, at most `maxAgeSeconds` old and at most `futureSeconds` ahead; `expires` not passed. */
export function assertFreshCreated(
  sig: Rfc9421Signature,
  maxAgeSeconds: number,
  futureSeconds: number,
  now = Date.now(),
) {
  const created = sig.params.get('created');
  if (typeof created !== 'number') throw new SignatureRejected('The signature has no created parameter');
  const nowSeconds = Math.floor(now / 1000);
  if (created > nowSeconds + futureSeconds) throw new SignatureRejected('The signature was created in the future');
  if (nowSeconds - created > maxAgeSeconds) {
    throw new SignatureRejected(`The signature is older than ${maxAgeSeconds} seconds`);
  }
  const expires = sig.params.get('expires');
  if (expires !== undefined && (typeof expires !== 'number' || expires < nowSeconds)) {
    throw new SignatureRejected('The signature has expired');
  }
}
