/** How a secret's data key is wrapped: by a server key from the keyring, or by its store password. */
export type EncryptedBy = 'SERVER_KEY' | 'PASSWORD';

export interface KdfParams {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** Everything a row stores about its encryption; none of it is secret without a key. */
export interface SealedSecret {
  formatVersion: number;
  /** AES-256-GCM of the payload under the row's data key: nonce(12) ‖ ct ‖ tag(16). */
  ciphertext: Buffer;
  /** The data key wrapped with AES-256-GCM by the key-encryption key: nonce ‖ ct ‖ tag. */
  wrappedKey: Buffer;
  encryptedBy: EncryptedBy;
  /** The server key's id when SERVER_KEY. */
  keyId: string | null;
  /** 16 random bytes when PASSWORD. */
  kdfSalt: Buffer | null;
  /** The argon2id parameters the row was wrapped with, when PASSWORD. */
  kdfParams: KdfParams | null;
}

export const FORMAT_VERSION = 1;

/** The associated data that ties a ciphertext (label 'payload') or a wrapped key (label 'dek') to its row. */
export function associatedData(label: 'payload' | 'dek', secretId: string, formatVersion: number): Buffer {
  return Buffer.from(`strongroom-secret\0v${formatVersion}\0${label}\0${secretId}`, 'utf8');
}
