import { gcmSeal, gcmOpen } from './aead';
import type { ServerKeyring } from './server-keyring.service';

/** A Drone extension token at rest: AES-256-GCM under a server key, bound to its integration id. */
export interface SealedToken {
  keyId: string;
  sealed: Buffer;
}

function aad(integrationId: string): Buffer {
  return Buffer.from(`strongroom:integration-token:${integrationId}`, 'utf8');
}

export function sealIntegrationToken(keyring: ServerKeyring, integrationId: string, token: string): SealedToken {
  const key = keyring.active();
  return { keyId: key.id, sealed: gcmSeal(key.key, Buffer.from(token, 'utf8'), aad(integrationId)) };
}

/** undefined when the key is gone or the ciphertext does not verify. */
export function openIntegrationToken(
  keyring: ServerKeyring,
  integrationId: string,
  sealed: SealedToken,
): Buffer | undefined {
  const key = keyring.get(sealed.keyId);
  if (!key) return undefined;
  return gcmOpen(key.key, sealed.sealed, aad(integrationId));
}

/**
 * Drone's optional `Accept-Encoding: aesgcm` answer: nonce(12) ‖ AES-256-GCM(body) ‖ tag, keyed with
 * the first 32 bytes of the token string, no associated data (drone-go plugin/secret).
 */
export function droneAesGcm(token: Buffer, body: Buffer): Buffer | undefined {
  if (token.length < 32) return undefined;
  return gcmSeal(token.subarray(0, 32), body, Buffer.alloc(0));
}
