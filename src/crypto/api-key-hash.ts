import * as crypto from 'node:crypto';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Concord's key format: 16 random bytes, standard base64 without padding (22 chars). */
export function generateApiKey(): string {
  return crypto.randomBytes(16).toString('base64').replace(/=+$/, '');
}

/** Decodes a key; undefined when it is not valid base64 (padding optional), so it cannot match. */
export function decodeApiKey(key: string): Buffer | undefined {
  const trimmed = key.trim();
  if (trimmed.length === 0 || trimmed.length > 512 || !BASE64.test(trimmed)) return undefined;
  const unpadded = trimmed.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return undefined;
  return Buffer.from(unpadded, 'base64');
}

/**
 * base64 (no padding) of SHA-256 over the decoded key bytes: Concord's stored form, so keys migrated
 * from Concord still match. Test vector: `cTFxMXExcTE=` → `zh+XFYIOdmSYaFcA+cj9NKIPbpHSqigRtuYUjC3keYQ`.
 */
export function hashApiKey(key: string): string | undefined {
  const bytes = decodeApiKey(key);
  if (!bytes) return undefined;
  return crypto.createHash('sha256').update(bytes).digest('base64').replace(/=+$/, '');
}
