import { Injectable } from '@nestjs/common';
import { SecretAccess } from '../access/secret-access';
import { READ } from '../access/secret-policy';
import { AuditLog } from '../audit/audit-log.service';
import type { Principal } from '../identity/principal';
import { FailureLimiter } from '../auth/failure-limiter';
import { BadRequest, ValidationFailed } from '../common/errors';
import { SealedSecret, SecretCrypto, SecretDecryptFailed, WrongStorePassword } from '../crypto/secret-crypto.service';
import { decodePayload } from '../crypto/secret-payload';
import { concordLegacyDerivation } from '../crypto/concord-legacy';
import { ConcordLegacySecrets } from './concord-legacy-secrets';
import type { PublicKeyResult } from './dto/secret-entry.dto';
import type { SecretType } from './secret.entity';
import { SecretReadRepository } from './secret-read.repository';
import { SecretMetadata, SecretsRepository } from './secrets.repository';

export interface SecretValue {
  type: SecretType;
  /** The serialized payload (docs/compatibility.md#the-value-bytes), exactly the bytes `/data` returns. */
  bytes: Buffer;
}

/** Reading values: `/data` and `/public`. Every read is audited before it is answered. */
@Injectable()
export class SecretDataService {
  constructor(
    private readonly reads: SecretReadRepository,
    private readonly access: SecretAccess,
    private readonly secrets: SecretsRepository,
    private readonly crypto: SecretCrypto,
    private readonly audit: AuditLog,
    private readonly failures: FailureLimiter,
    private readonly concordLegacy: ConcordLegacySecrets,
  ) {}

  /** `/data`: READER, then project scope (docs/security-model.md#access-rules), then the store password. */
  async read(p: Principal, orgName: string, secretName: string, storePassword?: string): Promise<SecretValue> {
    const { org, secret, sealed, linkedProjectIds } = await this.find(p, orgName, secretName);
    this.access.assertProjectScope(p, secret, linkedProjectIds);
    const plaintext = await this.open(secret, sealed, storePassword);
    const scope = p.projectId ? { name: 'projectAccess', projectId: p.projectId } : { name: 'apiAccess' };
    await this.audit.recordAccess({
      object: 'SECRET',
      action: 'ACCESS',
      details: { orgId: org.id, secretId: secret.id, name: secret.name, type: secret.type, scope },
    });
    return { type: secret.type, bytes: plaintext };
  }

  /** `/public`: READER without project scope; only server-key KEY_PAIR secrets. */
  async publicKey(p: Principal, orgName: string, secretName: string): Promise<PublicKeyResult> {
    const { org, secret, sealed } = await this.find(p, orgName, secretName);
    if (secret.encryptedBy === 'PASSWORD') {
      throw fetchError(secret.name, `The secret '${secret.name}' requires a password to decrypt`);
    }
    if (secret.type !== 'KEY_PAIR') {
      throw fetchError(secret.name, `Invalid secret type: ${secret.name}, expected KEY_PAIR, got: ${secret.type}`);
    }
    const payload = decodePayload('KEY_PAIR', await this.open(secret, sealed, undefined));
    const publicKey = payload.type === 'KEY_PAIR' ? payload.publicKey.toString('utf8') : '';
    await this.audit.recordAccess({
      object: 'SECRET',
      action: 'ACCESS',
      details: {
        orgId: org.id,
        secretId: secret.id,
        name: secret.name,
        type: secret.type,
        scope: { name: 'publicKey' },
      },
    });
    return { ok: true, id: secret.id, name: secret.name, publicKey };
  }

  /**
   * Org (400 when missing), secret (404, or 403 for strangers) and READER on it, with everything the
   * read needs, in one query.
   */
  private async find(p: Principal, orgName: string, secretName: string) {
    const found = await this.reads.findForRead(orgName, secretName, p.userId);
    if (!found) throw new ValidationFailed(`Organization not found: ${orgName}`);
    if (!found.secret) return this.access.missing(p, found.org, secretName, READ, found.caller);
    const { metadata, sealed, linkedProjectIds } = found.secret;
    await this.access.assert(p, found.org, metadata, READ, found.caller);
    return { org: found.org, secret: metadata, sealed, linkedProjectIds };
  }

  /** Fetches the sealed columns and decrypts (updates that must prove the current password). */
  async decrypt(orgId: string, secret: SecretMetadata, storePassword: string | undefined): Promise<Buffer> {
    const sealed = await this.secrets.findSealed(orgId, secret.id);
    if (!sealed) throw fetchError(secret.name, 'the secret was deleted while it was being read');
    return this.open(secret, sealed, storePassword);
  }

  /**
   * Decrypts with Concord's error messages. Wrong store passwords are counted per secret in
   * PostgreSQL; past the threshold the secret answers 429 until the lock ends.
   */
  private async open(secret: SecretMetadata, sealed: SealedSecret, storePassword: string | undefined): Promise<Buffer> {
    if (secret.encryptedBy === 'SERVER_KEY' && storePassword !== undefined) {
      throw fetchError(secret.name, `Not a password-protected secret '${secret.name}'`);
    }
    if (secret.encryptedBy === 'PASSWORD' && storePassword === undefined) {
      throw fetchError(secret.name, `The secret '${secret.name}' requires a password to decrypt`);
    }
    try {
      if (secret.encryptedBy !== 'PASSWORD') return await this.crypto.open(secret.id, sealed, undefined);
      // Store-password rows imported from Concord keep Concord's ciphertext until their first right read.
      const openWithPassword = concordLegacyDerivation(sealed)
        ? () => this.concordLegacy.open(secret, sealed, storePassword)
        : () => this.crypto.open(secret.id, sealed, storePassword);
      let plaintext: Buffer | undefined;
      const right = await this.failures.attempt('store-password', secret.id, async () => {
        plaintext = await rightPassword(openWithPassword);
        return plaintext !== undefined;
      });
      if (!right || !plaintext) throw wrongPassword(secret.name);
      return plaintext;
    } catch (error) {
      if (error instanceof SecretDecryptFailed) {
        throw fetchError(secret.name, 'Error decrypting a secret: the stored data failed its integrity check');
      }
      throw error;
    }
  }
}

/** The result of a store-password check, or undefined when the password was wrong. */
export async function rightPassword<T>(check: () => Promise<T>): Promise<T | undefined> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof WrongStorePassword) return undefined;
    throw error;
  }
}

export function fetchError(name: string, cause: string): BadRequest {
  return new BadRequest(`Error while fetching a secret '${name}': ${cause}`);
}

export function wrongPassword(name: string): BadRequest {
  return fetchError(name, 'Error decrypting a secret: Invalid input data and/or a password.');
}
