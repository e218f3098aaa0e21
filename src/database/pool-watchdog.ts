import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { APP_CONFIG, AppConfig } from '../config/config';
import { StartupError } from '../common/startup-error';
import { databaseOutage } from './database-outage';

/** The parts of pg's client the watchdog reads (pg exposes them, but not in its types). */
interface ClientInternals {
  _getActiveQuery(): object | null;
  connection: {
    stream: { destroy(): void };
    on(event: 'readyForQuery' | 'errorMessage', listener: () => void): void;
  };
}

interface Watched {
  query: object;
  since: number;
}

/** How many looks at the pool per timeout: a stalled query is closed between 1 and 1¼ timeouts. */
const LOOKS_PER_TIMEOUT = 4;

/**
 * Bounds every query of a pool by `timeoutMs`, and tells the outage log when the database answers.
 *
 * pg's own `query_timeout` arms and clears a timer for every statement (a measurable share of a hot
 * read; bench/README.md), and when it fires it only answers the caller: the statement keeps running
 * on a connection the pool then hands to the next caller, whose statements queue behind it. Instead,
 * one timer looks at every connection a few times per timeout, and a connection still waiting on the
 * same query as a whole timeout ago is closed. pg then fails that query ("Connection terminated"),
 * the pool drops the connection, and PostgreSQL rolls back whatever it had open.
 *
 * Every statement that completes without an error closes an outage incident (databaseOutage), read
 * from the connection's own protocol messages, so no query is wrapped.
 */
export class PoolWatchdog {
  /** The query each busy connection was first seen waiting on; rebuilt at every look. */
  private watched = new Map<ClientInternals, Watched>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pool: Pool,
    private readonly timeoutMs: number,
  ) {
    assertPgInternals(pool);
    pool.on('connect', (client) => this.follow(client));
    // Connections opened before the watchdog (TypeORM's first one, at start-up).
    for (const client of (pool as unknown as { _clients: PoolClient[] })._clients) this.follow(client);
    this.timer = setInterval(() => this.look(), Math.max(10, Math.floor(timeoutMs / LOOKS_PER_TIMEOUT)));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private follow(client: PoolClient): void {
    const connection = (client as unknown as ClientInternals).connection;
    // PostgreSQL ends every statement with ReadyForQuery, after an ErrorResponse if the statement failed.
    let failed = false;
    connection.on('errorMessage', () => (failed = true));
    connection.on('readyForQuery', () => {
      if (!failed) databaseOutage.answered();
      failed = false;
    });
  }

  private look(): void {
    const now = Date.now();
    const busy = new Map<ClientInternals, Watched>();
    for (const client of (this.pool as unknown as { _clients: ClientInternals[] })._clients) {
      const query = client._getActiveQuery();
      if (!query) continue;
      const seen = this.watched.get(client);
      if (seen?.query !== query) busy.set(client, { query, since: now });
      else if (now - seen.since < this.timeoutMs) busy.set(client, seen);
      else client.connection.stream.destroy();
    }
    this.watched = busy;
  }
}

/**
 * The watchdog reads pg's pool and client internals (`_clients`, `_getActiveQuery`, the connection's
 * socket). A pg release without them would leave every query unbounded, so refuse to start instead.
 */
function assertPgInternals(pool: Pool): void {
  const clients = (pool as unknown as { _clients?: unknown })._clients;
  const proto = (pool as unknown as { Client?: { prototype?: Record<string, unknown> } }).Client?.prototype;
  if (!Array.isArray(clients) || typeof proto?._getActiveQuery !== 'function') {
    throw new StartupError(
      'The installed pg no longer exposes what the query watchdog reads (Pool._clients, Client._getActiveQuery); ' +
        'database queries would be unbounded. Install the pg version in package-lock.json (npm ci)',
    );
  }
}

/** Watches the app's TypeORM pool from start-up to shutdown (none for an app that never connects). */
@Injectable()
export class AppPoolWatchdog implements OnModuleInit, OnModuleDestroy {
  private watchdog?: PoolWatchdog;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool | undefined;
    if (pool) this.watchdog = new PoolWatchdog(pool, this.config.databaseTimeoutMs);
  }

  onModuleDestroy(): void {
    this.watchdog?.stop();
  }
}
