import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from 'pg';
import { DataSource, EntitySubscriberInterface } from 'typeorm';
import type { KeyOwner } from '../api-keys/api-keys.repository';
import { APP_CONFIG, AppConfig } from '../config/config';
import { logger } from '../common/json-logger';
import { boundedConnection } from '../database/data-source';
import { GuardedClient } from '../database/guarded-client';

export const PRINCIPALS_CHANNEL = 'strongroom_principals';
/** Upper bound on how long an entry lives even if no change is ever announced. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;
const RECONNECT_MS = 1_000;
/** How often the listening connection proves it is alive (a silent dead link would lose every NOTIFY). */
const HEARTBEAT_MS = 10_000;

interface Entry {
  owner: KeyOwner;
  expiresAt: number;
}

/**
 * API-key owners by key hash, so that a request with a known key costs no authentication query.
 *
 * Revocation stays immediate: every committed change to `users` or `api_keys` (a deleted key, a
 * disabled or re-roled user, from any replica or from psql) fires a PostgreSQL NOTIFY that empties
 * every replica's cache, and this replica's own writes empty it at once. The cache only serves while
 * its LISTEN connection is up; without it every request goes to the database. A lookup that started
 * before a change is not stored after it (the generation check), and entries end at the key's expiry.
 * The listening connection has the same timeouts as the pool and answers a heartbeat, so a stalled or
 * silently dropped connection is noticed within seconds; losing it and getting it back are logged once.
 */
@Injectable()
export class KeyOwnerCache implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  private listener?: Client;
  private listening = false;
  private stopped = false;
  private reconnect?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  /** Set while the listener is down and that has been logged. */
  private lostSince?: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The cached owner of a key hash, if the cache is serving and has a live entry. */
  get(keyHash: string): KeyOwner | undefined {
    if (!this.listening) return undefined;
    const entry = this.entries.get(keyHash);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(keyHash);
      return undefined;
    }
    return entry.owner;
  }

  /** Take before the lookup; `set` ignores results from a lookup that a change overtook. */
  currentGeneration(): number {
    return this.generation;
  }

  set(keyHash: string, owner: KeyOwner, expiresAt: Date | null, lookedUpAt: number): void {
    if (!this.listening || lookedUpAt !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    const until = Math.min(Date.now() + TTL_MS, expiresAt ? expiresAt.getTime() : Infinity);
    this.entries.set(keyHash, { owner, expiresAt: until });
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.dataSource.subscribers.push(this.localWrites());
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnect);
    clearInterval(this.heartbeat);
    this.listening = false;
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    const client: Client = new GuardedClient({
      connectionString: url,
      application_name: 'strongroom-listen',
      ...boundedConnection(this.config.databaseTimeoutMs),
    });
    this.listener = client;
    const lost = (reason: string) => {
      if (this.listener !== client) return;
      this.listening = false;
      this.listener = undefined;
      clearInterval(this.heartbeat);
      this.invalidate();
      client.end().catch(() => undefined);
      if (this.lostSince === undefined) {
        this.lostSince = Date.now();
        logger.warn(`Key cache listener lost (${reason}); authenticating from the database`, 'KeyOwnerCache');
      }
      if (!this.stopped) this.reconnect = setTimeout(() => void this.listen(), RECONNECT_MS).unref();
    };
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('connection closed'));
    client.on('notification', () => this.invalidate());
    try {
      await client.connect();
      await client.query(`LISTEN ${PRINCIPALS_CHANNEL}`);
      // Anything cached before the connection was (re)made may have missed a change.
      this.invalidate();
      this.listening = !this.stopped;
      this.heartbeat = setInterval(() => {
        client.query('SELECT 1').catch((error: Error) => lost(error.message));
      }, HEARTBEAT_MS).unref();
      if (this.lostSince !== undefined) {
        logger.log(
          `Key cache listener back after ${Math.round((Date.now() - this.lostSince) / 1000)} s`,
          'KeyOwnerCache',
        );
        this.lostSince = undefined;
      }
    } catch (error) {
      lost((error as Error).message);
    }
  }

  /** This replica's own writes empty the cache at once, before their NOTIFY even arrives. */
  private localWrites(): EntitySubscriberInterface {
    const touches = (table?: string) => table === 'users' || table === 'api_keys';
    const onWrite = (event: { metadata?: { tableName: string } }) => {
      if (touches(event.metadata?.tableName)) this.invalidate();
    };
    return { afterInsert: onWrite, afterUpdate: onWrite, afterRemove: onWrite };
  }
}
