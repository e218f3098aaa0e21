import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** What a re-wrap needs of a row: never the ciphertext, which rotation does not read or write. */
export interface WrappedRow {
  id: string;
  keyId: string;
  formatVersion: number;
  wrappedKey: Buffer;
}

export interface RewrappedRow {
  id: string;
  oldKeyId: string;
  wrappedKey: Buffer;
}

export interface KeyIdCount {
  keyId: string | null;
  rows: number;
}

/** The first uuid in sort order, where a pass over the table starts. */
export const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Server-key rotation's access to the `secrets` table. It spans every org on purpose: keys belong
 * to the server, not to a tenant. Takes a plain DataSource so the CLI can use it outside Nest.
 */
@Injectable()
export class KeyRotationRepository {
  constructor(private readonly dataSource: DataSource) {}

  async hasSecretsTable(): Promise<boolean> {
    const rows: { found: string | null }[] = await this.dataSource.query(`SELECT to_regclass('secrets') AS found`);
    return rows[0]?.found !== null;
  }

  /** SERVER_KEY rows per key id (null when a row lacks one). */
  async countByKeyId(): Promise<KeyIdCount[]> {
    const rows: { keyId: string | null; rows: string }[] = await this.dataSource.query(
      `SELECT key_id AS "keyId", count(*) AS rows FROM secrets WHERE encrypted_by = 'SERVER_KEY'
        GROUP BY key_id ORDER BY key_id`,
    );
    return rows.map((r) => ({ keyId: r.keyId, rows: Number(r.rows) }));
  }

  /**
   * The next rows after `afterId` wrapped by one of `keyIds`, locked for this transaction. Rows the
   * serving app holds locked (an update in flight) are skipped, not waited for; a later pass takes them.
   */
  async lockBatch(em: EntityManager, keyIds: string[], afterId: string, limit: number): Promise<WrappedRow[]> {
    return em.query(
      `SELECT id, key_id AS "keyId", format_version AS "formatVersion", wrapped_key AS "wrappedKey"
         FROM secrets
        WHERE encrypted_by = 'SERVER_KEY' AND key_id = ANY($1::varchar[]) AND id > $2
        ORDER BY id LIMIT $3
        FOR UPDATE SKIP LOCKED`,
      [keyIds, afterId, limit],
    );
  }

  /**
   * Writes the new wrapped keys and key id; the ciphertext is left alone. The old key id guard keeps
   * the write from landing on a row that changed since it was read. Returns the ids written.
   */
  async saveRewrapped(em: EntityManager, rows: RewrappedRow[], newKeyId: string): Promise<string[]> {
    if (rows.length === 0) return [];
    // TypeORM answers an UPDATE with [returned rows, affected count].
    const [updated]: [{ id: string }[], number] = await em.query(
      `UPDATE secrets s SET wrapped_key = v.wrapped_key, key_id = $4
         FROM unnest($1::uuid[], $2::varchar[], $3::bytea[]) AS v(id, old_key_id, wrapped_key)
        WHERE s.id = v.id AND s.encrypted_by = 'SERVER_KEY' AND s.key_id = v.old_key_id
       RETURNING s.id`,
      [rows.map((r) => r.id), rows.map((r) => r.oldKeyId), rows.map((r) => r.wrappedKey), newKeyId],
    );
    return updated.map((r) => r.id);
  }
}
