import {
  ConcordKeyDerivation,
  concordDataFingerprint,
  concordKeyDerivation,
  concordPayloadProblem,
  decryptConcord,
  legacySealed,
} from '../crypto/concord-legacy';
import type { SealedSecret } from '../crypto/secret-crypto.service';
import type { SecretType } from '../crypto/secret-payload';
import type { ConcordSecret, ConcordSecretData } from './concord-source';

/** Concord's `secretStore.serverPassword` and `secretStoreSalt`, decoded. */
export interface ConcordKeys {
  serverPassword: Buffer;
  /** Only rows without a salt of their own (Concord before per-secret salts) need it. */
  storeSalt: Buffer | undefined;
}

export type SecretPlan =
  | { kind: 'server-key'; type: SecretType; plaintext: Buffer; fingerprint: Buffer }
  | { kind: 'legacy'; type: SecretType; sealed: SealedSecret; fingerprint: Buffer }
  /** `undecryptable`: a server-key row whose bytes are not what the key should give (counted for the password check). */
  | { kind: 'skip'; reason: string; undecryptable?: boolean };

const TYPES: readonly SecretType[] = ['KEY_PAIR', 'USERNAME_PASSWORD', 'DATA'];

/**
 * What to do with one Concord secret: a server-key row is decrypted and must give a valid payload of
 * its type (ECB has no MAC: the padding and the layout are the only checks); a store-password row
 * cannot be opened without its password and is carried over as it is, to be re-sealed on its first
 * read. Anything else is skipped with the reason.
 */
export function planSecret(
  secret: ConcordSecret,
  stored: ConcordSecretData | undefined,
  keys: ConcordKeys,
): SecretPlan {
  const type = TYPES.find((t) => t === secret.type);
  if (!type) return { kind: 'skip', reason: `unknown secret type '${secret.type}'` };
  const store = (secret.storeType ?? 'concord').toLowerCase();
  if (store !== 'concord') {
    return { kind: 'skip', reason: `kept in Concord's '${store}' store, outside its database` };
  }
  if (!secret.hasData || !stored) return { kind: 'skip', reason: 'Concord holds no data for it' };
  if (secret.encryptedBy !== 'SERVER_KEY' && secret.encryptedBy !== 'PASSWORD') {
    return { kind: 'skip', reason: `unknown encryption '${secret.encryptedBy}'` };
  }
  const salt = stored.salt ?? keys.storeSalt;
  if (!salt) {
    return { kind: 'skip', reason: 'it has no salt of its own, and no --secret-store-salt-file was given' };
  }
  const derivation = concordKeyDerivation(stored.hashAlgorithm);
  const fingerprint = concordDataFingerprint({
    type,
    encryptedBy: secret.encryptedBy,
    derivation,
    salt,
    ciphertext: stored.data,
  });
  if (secret.encryptedBy === 'PASSWORD') {
    if (stored.data.length === 0 || stored.data.length % 16 !== 0) {
      return { kind: 'skip', reason: 'its ciphertext is not a whole number of AES blocks (damaged row)' };
    }
    return { kind: 'legacy', type, sealed: legacySealed(stored.data, salt, derivation), fingerprint };
  }
  return openServerKeyRow(type, stored.data, salt, derivation, keys.serverPassword, fingerprint);
}

function openServerKeyRow(
  type: SecretType,
  ciphertext: Buffer,
  salt: Buffer,
  derivation: ConcordKeyDerivation,
  serverPassword: Buffer,
  fingerprint: Buffer,
): SecretPlan {
  const opened = decryptConcord(ciphertext, serverPassword, salt, derivation);
  if (!opened) {
    return {
      kind: 'skip',
      undecryptable: true,
      reason: `does not decrypt with the server password (${derivation} key): bad length or padding`,
    };
  }
  const problem = concordPayloadProblem(type, opened.bytes);
  if (problem !== undefined) {
    opened.bytes.fill(0);
    return {
      kind: 'skip',
      undecryptable: true,
      reason: `does not decrypt to a valid ${type} payload (${derivation} key): ${problem}`,
    };
  }
  return { kind: 'server-key', type, plaintext: opened.bytes, fingerprint };
}
