import { bytesEqual, sha256 } from '../../crypto/http-signatures';
import { SignatureRejected } from './signature-rejected';

/** Base64 (standard alphabet, padded) only: anything else cannot be a digest we compare. */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function decode(value: string, header: string): Buffer {
  if (!BASE64.test(value)) throw new SignatureRejected(`The ${header} header's SHA-256 value is not base64`);
  return Buffer.from(value, 'base64');
}

function compare(claimed: Buffer, body: Buffer, header: string): void {
  if (!bytesEqual(claimed, sha256(body))) {
    throw new SignatureRejected(`The ${header} header does not match the request body`);
  }
}

/** RFC 3230 `Digest: SHA-256=<b64>[, other=...]` (draft-cavage clients): recomputed from the raw body. */
export function checkDigest(header: string | undefined, body: Buffer): void {
  if (header === undefined) throw new SignatureRejected('The Digest header is missing');
  for (const entry of header.split(',')) {
    const eq = entry.indexOf('=');
    if (eq < 0) continue;
    if (entry.slice(0, eq).trim().toLowerCase() === 'sha-256') {
      return compare(decode(entry.slice(eq + 1).trim(), 'Digest'), body, 'Digest');
    }
  }
  throw new SignatureRejected('The Digest header has no SHA-256 value');
}

/** RFC 9530 `Content-Digest: sha-256=:<b64>:` (RFC 9421 clients): recomputed from the raw body. */
export function checkContentDigest(header: string | undefined, body: Buffer): void {
  if (header === undefined) throw new SignatureRejected('The Content-Digest header is missing');
  for (const entry of header.split(',')) {
    const match = /^\s*sha-256\s*=\s*:([^:]*):\s*$/.exec(entry);
    if (match) return compare(decode(match[1], 'Content-Digest'), body, 'Content-Digest');
  }
  throw new SignatureRejected('The Content-Digest header has no sha-256 value');
}
