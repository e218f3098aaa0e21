import * as crypto from 'node:crypto';
import { fingerprint } from './fingerprint';
import type { SealedSecret } from './sealed-secret';
import { decodePayload, MalformedPayload, SecretType } from './secret-payload';

/*
 * Concord's own secret encryption, for moving secrets out of it (docs/moving-from-concord.md):
 * AES in ECB mode with PKCS#7 padding, no IV and no MAC, under a key hashed once from the row's salt
 * and a password (Concord's server password, or the secret's store password). Rows written since
 * late 2022 use SHA-256 (AES-256); older ones MD5 (AES-128). Decryption only: Strongroom never
 * writes this format.
 */

export type ConcordKeyDerivation = 'SHA-256' | 'MD5';

/**
 * Concord's HASH_ALGORITHM column holds 'SHA-256' or 'md5'; Concord reads anything else, NULL
 * included, as MD5, and so does this.
 */
export function concordKeyDerivation(hashAlgorithm: string | null | undefined): ConcordKeyDerivation {
  return hashAlgorithm === 'SHA-256' ? 'SHA-256' : 'MD5';
}

export interface ConcordPlaintext {
  bytes: Buffer;
  /** The PKCS#7 padding length (1-16): the only integrity evidence ECB leaves. */
  paddingBytes: number;
}

const BLOCK = 16;

function concordKey(derivation: ConcordKeyDerivation, salt: Buffer, password: Buffer): Buffer {
  const hash = crypto.createHash(derivation === 'SHA-256' ? 'sha256' : 'md5');
  return hash.update(salt).update(password).digest();
}

/** Undefined when the length or the padding is wrong: the key (a password) is wrong or the row is damaged. */
export function decryptConcord(
  ciphertext: Buffer,
  password: Buffer,
  salt: Buffer,
  derivation: ConcordKeyDerivation,
): ConcordPlaintext | undefined {
  if (ciphertext.length === 0 || ciphertext.length % BLOCK !== 0) return undefined;
  const key = concordKey(derivation, salt, password);
  const decipher = crypto.createDecipheriv(derivation === 'SHA-256' ? 'aes-256-ecb' : 'aes-128-ecb', key, null);
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  key.fill(0);
  const paddingBytes = padded[padded.length - 1];
  const valid =
    paddingBytes >= 1 &&
    paddingBytes <= BLOCK &&
    padded.subarray(padded.length - paddingBytes).every((b) => b === paddingBytes);
  if (!valid) {
    padded.fill(0);
    return undefined;
  }
  return { bytes: padded.subarray(0, padded.length - paddingBytes), paddingBytes };
}

/** Concord's reader refuses a key-pair half longer than this, so such a row was unreadable there too. */
const MAX_KEY_HALF = 8192;

/**
 * Why these bytes are not a payload of this type as Concord lays it out, or undefined when they are.
 * With no MAC this is how a wrong key shows itself (besides the padding); DATA has no layout to check.
 */
export function concordPayloadProblem(type: SecretType, bytes: Buffer): string | undefined {
  try {
    const payload = decodePayload(type, bytes);
    if (payload.type === 'KEY_PAIR' && Math.max(payload.publicKey.length, payload.privateKey.length) > MAX_KEY_HALF) {
      return `a key half is longer than ${MAX_KEY_HALF} bytes, which Concord itself cannot read`;
    }
    return undefined;
  } catch (error) {
    if (error instanceof MalformedPayload) return error.message;
    throw error;
  }
}

/**
 * Whether a decryption that passed the checks proves the key right. A wrong key passes the padding
 * check about once in 256 tries with one byte of padding, about once in 65,000 with two or more; a
 * KEY_PAIR or USERNAME_PASSWORD layout on top of the padding does not pass by chance.
 */
export function isConclusive(type: SecretType, plaintext: ConcordPlaintext): boolean {
  return type !== 'DATA' || plaintext.paddingBytes >= 2;
}

/*
 * A store-password secret imported from Concord keeps Concord's ciphertext until its first read
 * with the right password. Its row is marked by a format version of its own, which the envelope
 * code does not know, so nothing serves or re-wraps it as if it were sealed by Strongroom; the
 * salt sits in kdf_salt and there is no wrapped key.
 */
const LEGACY_FORMATS: Record<ConcordKeyDerivation, number> = { 'SHA-256': -1, MD5: -2 };

export function legacyFormatVersion(derivation: ConcordKeyDerivation): number {
  return LEGACY_FORMATS[derivation];
}

/** The key derivation of a row that still holds Concord's ciphertext; undefined for Strongroom's own rows. */
export function concordLegacyDerivation(sealed: Pick<SealedSecret, 'formatVersion'>): ConcordKeyDerivation | undefined {
  if (sealed.formatVersion === LEGACY_FORMATS['SHA-256']) return 'SHA-256';
  if (sealed.formatVersion === LEGACY_FORMATS.MD5) return 'MD5';
  return undefined;
}

export function legacySealed(ciphertext: Buffer, salt: Buffer, derivation: ConcordKeyDerivation): SealedSecret {
  return {
    formatVersion: legacyFormatVersion(derivation),
    ciphertext,
    wrappedKey: Buffer.alloc(0),
    encryptedBy: 'PASSWORD',
    keyId: null,
    kdfSalt: salt,
    kdfParams: null,
  };
}

/** Opens a legacy row with a store password (trimmed like every multipart field, encoded as UTF-8). */
export function openLegacy(sealed: SealedSecret, storePassword: string): ConcordPlaintext | undefined {
  const derivation = concordLegacyDerivation(sealed);
  if (!derivation || !sealed.kdfSalt) return undefined;
  return decryptConcord(sealed.ciphertext, Buffer.from(storePassword, 'utf8'), sealed.kdfSalt, derivation);
}

/**
 * A fingerprint of a Concord row's stored data (how it is encrypted, the salt, the ciphertext), so a
 * later import can tell whether Concord's copy changed. It reveals nothing the ciphertext does not.
 */
export function concordDataFingerprint(parts: {
  type: string;
  encryptedBy: string;
  derivation: string;
  salt: Buffer;
  ciphertext: Buffer;
}): Buffer {
  return fingerprint([parts.type, parts.encryptedBy, parts.derivation, parts.salt, parts.ciphertext]);
}
