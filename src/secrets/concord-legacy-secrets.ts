import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.service';
import { logger } from '../common/json-logger';
import { concordPayloadProblem, isConclusive, openLegacy } from '../crypto/concord-legacy';
import { SealedSecret, SecretCrypto, StorePasswordRequired, WrongStorePassword } from '../crypto/secret-crypto.service';
import { TransactionRunner } from '../database/transaction';
import { ConcordLegacyRepository } from './concord-legacy.repository';
import type { SecretMetadata } from './secrets.repository';

/**
 * Reads of store-password secrets imported from Concord that still hold Concord's ciphertext
 * (README, "Moving from Concord"). A read with the right password answers the value and re-seals the
 * row under argon2id and AES-256-GCM in one audited transaction; a wrong password fails exactly like
 * one against any other secret, so the caller counts it for the lockout.
 */
@Injectable()
export class ConcordLegacySecrets {
  constructor(
    private readonly crypto: SecretCrypto,
    private readonly rows: ConcordLegacyRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  async open(secret: SecretMetadata, sealed: SealedSecret, storePassword: string | undefined): Promise<Buffer> {
    if (storePassword === undefined) throw new StorePasswordRequired();
    const plaintext = openLegacy(sealed, storePassword);
    // No MAC: bad padding, or bytes that are not a payload of the secret's type, mean a wrong password.
    if (!plaintext || concordPayloadProblem(secret.type, plaintext.bytes) !== undefined) throw new WrongStorePassword();
    // A DATA row with one byte of padding also opens under about one wrong password in 256: sealing
    // those bytes would lock the secret under the wrong password for good, so it waits for an update.
    if (isConclusive(secret.type, plaintext)) {
      await this.upgrade(secret, sealed.formatVersion, plaintext.bytes, storePassword);
    }
    return plaintext.bytes;
  }

  /** At most one concurrent read does the work; the others find the row locked or already upgraded. */
  private async upgrade(secret: SecretMetadata, legacyVersion: number, data: Buffer, password: string) {
    try {
      await this.tx.run(async (em) => {
        if (!(await this.rows.lockLegacy(em, secret.orgId, secret.id, legacyVersion))) return;
        const sealed = await this.crypto.seal(secret.id, data, password);
        await this.rows.saveSealed(em, secret.orgId, secret.id, sealed);
        await this.audit.record(em, {
          object: 'SECRET',
          action: 'UPDATE',
          details: {
            orgId: secret.orgId,
            secretId: secret.id,
            name: secret.name,
            changes: { encryption: { old: 'concord', new: 'argon2id+aes-256-gcm' } },
          },
        });
      });
    } catch (error) {
      // The value was read correctly; the row stays legacy and the next read tries again.
      const reason = error instanceof Error ? error.message : 'unknown error';
      logger.warn(`Secret ${secret.id} could not be re-sealed after its Concord import: ${reason}`, 'ConcordLegacy');
    }
  }
}
