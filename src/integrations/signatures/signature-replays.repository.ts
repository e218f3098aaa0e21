import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** How often, at most, one process deletes expired rows. */
const PURGE_INTERVAL_MS = 60_000;

/**
 * The replay cache, in PostgreSQL so that every replica sees every accepted signature. A row lives
 * until its signature could no longer pass the freshness check.
 */
@Injectable()
export class SignatureReplaysRepository {
  private purgedAt = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** True the first time a hash is seen within its lifetime; false for a replay. */
  async remember(signatureHash: string, ttlSeconds: number): Promise<boolean> {
    await this.purgeExpired();
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO signature_replays (signature_hash, expires_at)
       VALUES ($1, now() + make_interval(secs => $2))
       ON CONFLICT (signature_hash) DO UPDATE SET expires_at = EXCLUDED.expires_at
         WHERE signature_replays.expires_at < now()
       RETURNING 1`,
      [signatureHash, ttlSeconds],
    );
    return rows.length === 1;
  }

  private async purgeExpired(): Promise<void> {
    if (Date.now() - this.purgedAt < PURGE_INTERVAL_MS) return;
    this.purgedAt = Date.now();
    await this.dataSource.query(`DELETE FROM signature_replays WHERE expires_at < now()`);
  }
}
