import * as crypto from 'node:crypto';

/**
 * The primitives the CI signature verifiers need (src/integrations/signatures): nothing outside
 * src/crypto touches node:crypto.
 */

export function sha256(data: Buffer): Buffer {
  return crypto.createHash('sha256').update(data).digest();
}

/** Hex SHA-256 of raw bytes (replay-cache keys). */
export function sha256HexOf(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export function hmacSha256(key: Buffer, data: Buffer): Buffer {
  return crypto.createHmac('sha256', key).update(data).digest();
}

/** Constant-time comparison of two byte strings; different lengths are simply unequal. */
export function bytesEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Parses a PEM `PUBLIC KEY` (SPKI) block; undefined unless it is an Ed25519 key. */
export function parseEd25519PublicKey(pem: string): crypto.KeyObject | undefined {
  try {
    const key = crypto.createPublicKey({ key: pem, format: 'pem' });
    return key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}

/** Ed25519 verification of `data` against a PEM public key; false for any malformed input. */
export function ed25519Verify(publicKeyPem: string, data: Buffer, signature: Buffer): boolean {
  const key = parseEd25519PublicKey(publicKeyPem);
  if (!key || signature.length !== 64) return false;
  try {
    return crypto.verify(null, data, key, signature);
  } catch {
    return false;
  }
}
