import type { Request } from 'express';
import { SignatureRejected, headerOf } from './signature-rejected';

/** A parsed draft-cavage `Signature` (99designs/httpsignatures-go, go-ap/httpsig). */
export interface CavageSignature {
  keyId?: string;
  algorithm?: string;
  /** Lowercased, in signing order; draft-cavage's default is `date` alone. */
  headers: string[];
  signature: Buffer;
  created?: number;
  expires?: number;
}

const KNOWN = new Set(['keyid', 'algorithm', 'headers', 'signature', 'created', 'expires']);
const PARAM = /\s*([A-Za-z]+)\s*=\s*(?:"([^"]*)"|([0-9]+))\s*(?:,|$)/y;

/** From `Signature: <params>` or `Authorization: Signature <params>`; unknown or repeated parameters are refused. */
export function readCavageSignature(req: Request): CavageSignature {
  let raw = headerOf(req, 'signature');
  if (raw === undefined) {
    const auth = headerOf(req, 'authorization');
    if (auth && /^signature\s/i.test(auth)) raw = auth.replace(/^signature\s+/i, '');
  }
  if (raw === undefined || raw.trim() === '') throw new SignatureRejected('The request is not signed');
  const params = new Map<string, string>();
  PARAM.lastIndex = 0;
  while (PARAM.lastIndex < raw.length) {
    const start = PARAM.lastIndex;
    const m = PARAM.exec(raw);
    if (!m || PARAM.lastIndex === start) throw new SignatureRejected('The Signature header is malformed');
    const name = m[1].toLowerCase();
    if (!KNOWN.has(name)) throw new SignatureRejected(`Unknown Signature parameter: ${m[1]}`);
    if (params.has(name)) throw new SignatureRejected(`Repeated Signature parameter: ${m[1]}`);
    params.set(name, m[2] ?? m[3]);
  }
  const signature = params.get('signature');
  if (!signature || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) {
    throw new SignatureRejected('The Signature header has no valid signature parameter');
  }
  const headers = (params.get('headers') ?? 'date')
    .toLowerCase()
    .split(/\s+/)
    .filter((h) => h.length > 0);
  return {
    keyId: params.get('keyid'),
    algorithm: params.get('algorithm')?.toLowerCase(),
    headers,
    signature: Buffer.from(signature, 'base64'),
    created: integer(params.get('created'), 'created'),
    expires: integer(params.get('expires'), 'expires'),
  };
}

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,12}$/.test(value)) throw new SignatureRejected(`The Signature parameter ${name} is not a number`);
  return Number(value);
}

export function assertCovers(sig: CavageSignature, required: readonly string[]): void {
  const missing = required.filter((h) => !sig.headers.includes(h));
  if (missing.length > 0) {
    throw new SignatureRejected(`The signature must cover these headers: ${missing.join(', ')}`);
  }
}

/** The signing string: `name: value` per covered header, joined by `\n`, no trailing newline. */
export function cavageSigningString(req: Request, sig: CavageSignature): Buffer {
  const lines = sig.headers.map((h) => {
    switch (h) {
      case '(request-target)':
        return `${h}: ${req.method.toLowerCase()} ${req.originalUrl}`;
      case '(created)':
      case '(expires)': {
        const value = h === '(created)' ? sig.created : sig.expires;
        if (value === undefined) throw new SignatureRejected(`The signature covers ${h} but does not carry it`);
        return `${h}: ${value}`;
      }
      default: {
        const value = headerOf(req, h);
        if (value === undefined) throw new SignatureRejected(`The signed header ${h} is missing from the request`);
        return `${h}: ${value.trim()}`;
      }
    }
  });
  return Buffer.from(lines.join('\n'), 'utf8');
}

/** The `Date` header, which must be within `skewSeconds` of now. */
export function assertFreshDate(req: Request, skewSeconds: number, now = Date.now()): void {
  const date = headerOf(req, 'date');
  if (date === undefined) throw new SignatureRejected('The Date header is missing');
  const at = Date.parse(date);
  if (Number.isNaN(at)) throw new SignatureRejected('The Date header is not a valid HTTP date');
  if (Math.abs(now - at) > skewSeconds * 1000) {
    throw new SignatureRejected(`The Date header is more than ${skewSeconds} seconds away from the server's time`);
  }
}
