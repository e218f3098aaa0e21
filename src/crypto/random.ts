import * as crypto from 'node:crypto';

export function randomUuid(): string {
  return crypto.randomUUID();
}

export function randomBytes(size: number): Buffer {
  return crypto.randomBytes(size);
}

/** An opaque URL-safe token with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a UTF-8 string, hex; for looking up opaque tokens (sessions, URL tokens) by hash. */
export function sha256Hex(value: string): string {
  return crypto.createHash('sha256').update(value, 'utf8').digest('hex');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
