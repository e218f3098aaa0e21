import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { databaseOutage } from './database-outage';

/**
 * The one place that builds TypeORM options: migrations only, never synchronize. `entities` is for tools
 * that query through TypeORM (src/entities.ts lists them all); the server loads the ones its modules register.
 */
export function dataSourceOptions(url: string, entities: DataSourceOptions['entities'] = []): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: 20, application_name: 'strongroom' },
  };
}

/** Connection settings that bound every round trip to PostgreSQL by `timeoutMs`. */
export function boundedConnection(timeoutMs: number) {
  return {
    // Waiting for a pooled connection and opening a new one (pg-pool applies it to both).
    connectionTimeoutMillis: timeoutMs,
    // The client gives up on a server that does not answer at all (a stalled host, a dead link)...
    query_timeout: timeoutMs,
    // ...and a server that answers cancels a slow statement itself a little earlier, keeping the connection.
    statement_timeout: Math.max(Math.floor(timeoutMs * 0.8), timeoutMs - 500),
    // A transaction left open by a lost client must not hold its row locks for long.
    idle_in_transaction_session_timeout: Math.max(30_000, timeoutMs * 10),
    keepAlive: true,
  };
}

/**
 * The server's data source: bounded like `boundedConnection`, except that the pool's queries are bounded
 * by PoolWatchdog (one timer for the pool, and a connection whose query timed out is closed) instead of
 * pg's timer per query; pool errors go to the outage log instead of one line per connection.
 * Migrations and tools use `dataSourceOptions`, which has no such limits.
 */
export function serverDataSourceOptions(url: string, timeoutMs: number): DataSourceOptions {
  const base = dataSourceOptions(url) as DataSourceOptions & { extra: object };
  const { query_timeout: _perQueryTimer, ...bounded } = boundedConnection(timeoutMs);
  return {
    ...base,
    poolErrorHandler: (error: unknown) => databaseOutage.failed(error),
    extra: { ...(base.extra as object), ...bounded },
  } as DataSourceOptions;
}

/** Runs pending migrations on a short-lived connection (start-up, tests, CLI). */
export async function migrate(url: string): Promise<void> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}
