import { gcmOpen, gcmSeal } from './aead';
import type { ServerKey } from './server-keyring';

const CHECK_PLAINTEXT = Buffer.from('strongroom server key check', 'utf8');

function aad(keyId: string): Buffer {
  return Buffer.from(`strongroom:server-key-check:${keyId}`, 'utf8');
}

/**
 * A key-check value: a known text sealed (AES-256-GCM) under one server key, stored once per key id
 * at its first use. A key with the right id but other bytes cannot open it.
 */
export function sealKeyCheck(key: ServerKey): string {
  return gcmSeal(key.key, CHECK_PLAINTEXT, aad(key.id)).toString('base64');
}

export function keyCheckOpens(key: ServerKey, stored: string): boolean {
  const opened = gcmOpen(key.key, Buffer.from(stored, 'base64'), aad(key.id));
  return opened !== undefined && opened.equals(CHECK_PLAINTEXT);
}
