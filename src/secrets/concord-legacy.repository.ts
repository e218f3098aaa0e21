import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { SealedSecret } from '../crypto/secret-crypto.service';

/** The two statements that move a secret off Concord's ciphertext, guarded so it happens once. */
@Injectable()
export class ConcordLegacyRepository {
  /**
   * Locks the row if it still holds Concord's ciphertext in this format. False when it does not, or
   * when another read holds it (that read is upgrading it): the caller then leaves it alone.
   */
  async lockLegacy(em: EntityManager, orgId: string, id: string, formatVersion: number): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM secrets WHERE org_id = $1 AND id = $2 AND format_version = $3 FOR UPDATE SKIP LOCKED`,
      [orgId, id, formatVersion],
    );
    return rows.length > 0;
  }

  /** Replaces the legacy columns with Strongroom's envelope; the data is the same, so last_updated_at stays. */
  async saveSealed(em: EntityManager, orgId: string, id: string, sealed: SealedSecret): Promise<void> {
    await em.query(
      `UPDATE secrets SET format_version = $3, ciphertext = $4, wrapped_key = $5, key_id = $6, kdf_salt = $7,
              kdf_params = $8::jsonb
        WHERE org_id = $1 AND id = $2`,
      [
        orgId,
        id,
        sealed.formatVersion,
        sealed.ciphertext,
        sealed.wrappedKey,
        sealed.keyId,
        sealed.kdfSalt,
        sealed.kdfParams === null ? null : JSON.stringify(sealed.kdfParams),
      ],
    );
  }
}
