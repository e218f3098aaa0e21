import * as crypto from 'node:crypto';

/**
 * SHA-256 over the parts, each prefixed with its length, so two fingerprints are equal only for the
 * same sequence of parts. For telling whether something changed; not a secret and not a MAC.
 */
export function fingerprint(parts: readonly (string | Buffer)[]): Buffer {
  const hash = crypto.createHash('sha256');
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length).update(bytes);
  }
  return hash.digest();
}
