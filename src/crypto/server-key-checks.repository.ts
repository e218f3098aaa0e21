import { DataSource } from 'typeorm';

export interface KeyIdUse {
  keyId: string;
  rows: number;
}

const PREFIX = 'server-key-check:';

/**
 * Key-check values (in `server_state`, one row per key id) and the key ids stored rows were sealed
 * with. Spans every org on purpose: server keys belong to the server. Takes a plain DataSource so the
 * key rotation command can use it outside Nest.
 */
export class ServerKeyChecksRepository {
  constructor(private readonly db: DataSource) {}

  /** Stores each check whose key id has none yet (concurrent starts agree on one); returns the stored ones. */
  async storeMissing(checks: { keyId: string; value: string }[]): Promise<Map<string, string>> {
    const keys = checks.map((c) => PREFIX + c.keyId);
    await this.db.query(
      `INSERT INTO server_state (key, value) SELECT * FROM unnest($1::varchar[], $2::text[]) ON CONFLICT (key) DO NOTHING`,
      [keys, checks.map((c) => c.value)],
    );
    const rows: { key: string; value: string }[] = await this.db.query(
      `SELECT key, value FROM server_state WHERE key = ANY($1::varchar[])`,
      [keys],
    );
    return new Map(rows.map((r) => [r.key.slice(PREFIX.length), r.value]));
  }

  /** Key ids that server-key secrets and integration tokens were sealed with, other than `known`. */
  async keyIdsUsedBesides(known: string[]): Promise<KeyIdUse[]> {
    const rows: { keyId: string; rows: string }[] = await this.db.query(
      `SELECT key_id AS "keyId", sum(n) AS rows FROM (
         SELECT key_id, count(*) AS n FROM secrets
          WHERE encrypted_by = 'SERVER_KEY' AND key_id IS NOT NULL AND key_id <> ALL($1::varchar[]) GROUP BY key_id
         UNION ALL
         SELECT token_key_id, count(*) FROM integrations
          WHERE token_key_id IS NOT NULL AND token_key_id <> ALL($1::varchar[]) GROUP BY token_key_id
       ) used GROUP BY key_id ORDER BY key_id`,
      [known],
    );
    return rows.map((r) => ({ keyId: r.keyId, rows: Number(r.rows) }));
  }
}
