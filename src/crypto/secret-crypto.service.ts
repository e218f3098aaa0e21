import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { gcmOpen, gcmSeal, randomKey } from './aead';
import { PasswordKdf } from './password-kdf';
import { associatedData, FORMAT_VERSION, KdfParams, SealedSecret } from './sealed-secret';
import {
  NotPasswordProtected,
  SecretDecryptFailed,
  StorePasswordRequired,
  WrongStorePassword,
} from './secret-crypto.errors';
import { ServerKeyring } from './server-keyring.service';

export type { EncryptedBy, KdfParams, SealedSecret } from './sealed-secret';
export * from './secret-crypto.errors';

type Wrap = Pick<SealedSecret, 'wrappedKey' | 'encryptedBy' | 'keyId' | 'kdfSalt' | 'kdfParams'>;

/** A key-encryption key with the row fields that say how to find it again. */
interface Kek {
  key: Buffer;
  fields: Omit<Wrap, 'wrappedKey'>;
}

interface Unwrapped {
  dek: Buffer;
  kek: Kek;
}

function assertKnownFormat(sealed: SealedSecret): void {
  if (sealed.formatVersion !== FORMAT_VERSION) {
    throw new SecretDecryptFailed(`Unsupported secret format version: ${sealed.formatVersion}`);
  }
}

/**
 * Envelope encryption for secrets (docs/security-model.md#envelope-encryption): the payload under a fresh data key
 * (DEK) per seal, the DEK wrapped by a server key or by an argon2id key from the store password.
 * Both layers are AES-256-GCM with associated data naming the secret, so nothing decrypts to
 * garbage and a row copied onto another secret fails.
 */
@Injectable()
export class SecretCrypto {
  readonly kdf: PasswordKdf;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly keyring: ServerKeyring,
  ) {
    this.kdf = new PasswordKdf(config.secrets);
  }

  activeKeyId(): string {
    return this.keyring.active().id;
  }

  async seal(secretId: string, plaintext: Buffer, storePassword?: string): Promise<SealedSecret> {
    const kek = storePassword === undefined ? this.activeServerKek() : await this.newPasswordKek(storePassword);
    return this.sealUnder(secretId, plaintext, kek);
  }

  async open(secretId: string, sealed: SealedSecret, storePassword?: string): Promise<Buffer> {
    const { dek } = await this.unwrap(secretId, sealed, storePassword);
    const plaintext = gcmOpen(dek, sealed.ciphertext, associatedData('payload', secretId, sealed.formatVersion));
    dek.fill(0);
    if (!plaintext) throw new SecretDecryptFailed('The secret data failed its integrity check');
    return plaintext;
  }

  /**
   * New data for an existing row: checks the store password by unwrapping the current DEK, then
   * seals under a fresh DEK with the same password key, so a data update costs one derivation.
   */
  async reseal(
    secretId: string,
    sealed: SealedSecret,
    plaintext: Buffer,
    storePassword?: string,
  ): Promise<SealedSecret> {
    const { dek, kek } = await this.unwrap(secretId, sealed, storePassword);
    dek.fill(0);
    return this.sealUnder(secretId, plaintext, kek.fields.encryptedBy === 'SERVER_KEY' ? this.activeServerKek() : kek);
  }

  /** Store-password change: the DEK moves under the new password (new salt); ciphertext unchanged. */
  async rewrapWithPassword(
    secretId: string,
    sealed: SealedSecret,
    currentPassword: string,
    newPassword: string,
  ): Promise<SealedSecret> {
    if (sealed.encryptedBy !== 'PASSWORD') throw new NotPasswordProtected();
    const { dek } = await this.unwrap(secretId, sealed, currentPassword);
    const wrap = this.wrap(secretId, sealed.formatVersion, dek, await this.newPasswordKek(newPassword));
    dek.fill(0);
    return { ...sealed, ...wrap };
  }

  /** Rotation: re-wraps a server-key DEK under the active key; null when already there or password-wrapped. */
  rewrapToActiveKey(secretId: string, sealed: SealedSecret): SealedSecret | null {
    if (sealed.encryptedBy !== 'SERVER_KEY') return null;
    const active = this.activeServerKek();
    if (sealed.keyId === active.fields.keyId) return null;
    assertKnownFormat(sealed);
    const { dek } = this.unwrapWithServerKey(secretId, sealed);
    const wrap = this.wrap(secretId, sealed.formatVersion, dek, active);
    dek.fill(0);
    return { ...sealed, ...wrap };
  }

  private sealUnder(secretId: string, plaintext: Buffer, kek: Kek): SealedSecret {
    const dek = randomKey();
    const ciphertext = gcmSeal(dek, plaintext, associatedData('payload', secretId, FORMAT_VERSION));
    const wrap = this.wrap(secretId, FORMAT_VERSION, dek, kek);
    dek.fill(0);
    return { formatVersion: FORMAT_VERSION, ciphertext, ...wrap };
  }

  private wrap(secretId: string, formatVersion: number, dek: Buffer, kek: Kek): Wrap {
    const wrappedKey = gcmSeal(kek.key, dek, associatedData('dek', secretId, formatVersion));
    return { wrappedKey, ...kek.fields };
  }

  private async unwrap(secretId: string, sealed: SealedSecret, storePassword?: string): Promise<Unwrapped> {
    assertKnownFormat(sealed);
    switch (sealed.encryptedBy) {
      case 'SERVER_KEY':
        if (storePassword !== undefined) throw new NotPasswordProtected();
        return this.unwrapWithServerKey(secretId, sealed);
      case 'PASSWORD':
        if (storePassword === undefined) throw new StorePasswordRequired();
        return this.unwrapWithPassword(secretId, sealed, storePassword);
      default:
        throw new SecretDecryptFailed(`Unknown encryption mode: ${String(sealed.encryptedBy)}`);
    }
  }

  private unwrapWithServerKey(secretId: string, sealed: SealedSecret): Unwrapped {
    const kek = this.serverKek(sealed.keyId);
    const dek = this.unwrapDek(secretId, sealed, kek);
    if (!dek) throw new SecretDecryptFailed("The secret's wrapped key failed its integrity check");
    return { dek, kek };
  }

  private async unwrapWithPassword(secretId: string, sealed: SealedSecret, password: string): Promise<Unwrapped> {
    if (!sealed.kdfSalt || !sealed.kdfParams) {
      throw new SecretDecryptFailed('The secret is missing its key-derivation salt or parameters');
    }
    const kek = await this.passwordKek(password, sealed.kdfSalt, sealed.kdfParams);
    const dek = this.unwrapDek(secretId, sealed, kek);
    // A wrong password and an altered wrapped key fail the same tag; the likely cause is the password.
    if (!dek) throw new WrongStorePassword();
    return { dek, kek };
  }

  private unwrapDek(secretId: string, sealed: SealedSecret, kek: Kek): Buffer | undefined {
    return gcmOpen(kek.key, sealed.wrappedKey, associatedData('dek', secretId, sealed.formatVersion));
  }

  private activeServerKek(): Kek {
    const key = this.keyring.active();
    return { key: key.key, fields: { encryptedBy: 'SERVER_KEY', keyId: key.id, kdfSalt: null, kdfParams: null } };
  }

  private serverKek(keyId: string | null): Kek {
    const key = keyId === null ? undefined : this.keyring.get(keyId);
    if (!key) throw new SecretDecryptFailed(`Unknown server key id: ${keyId ?? '(none)'}`);
    return { key: key.key, fields: { encryptedBy: 'SERVER_KEY', keyId: key.id, kdfSalt: null, kdfParams: null } };
  }

  private newPasswordKek(password: string): Promise<Kek> {
    return this.passwordKek(password, this.kdf.newSalt(), this.kdf.currentParams());
  }

  private async passwordKek(password: string, salt: Buffer, params: KdfParams): Promise<Kek> {
    const key = await this.kdf.derive(password, salt, params);
    return { key, fields: { encryptedBy: 'PASSWORD', keyId: null, kdfSalt: salt, kdfParams: { ...params } } };
  }
}
