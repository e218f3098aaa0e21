import { Client } from 'pg';
import { migrate } from '../../src/database/data-source';
import { testDatabaseUrl } from './test-app';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of its own on the test run's PostgreSQL server, for tests that need a whole database
 * to themselves (a Concord database to import from, or a Strongroom one to import into). Migrated
 * to Strongroom's schema when asked.
 */
export async function createScratchDatabase(
  prefix: string,
  options: { migrate?: boolean } = {},
): Promise<ScratchDatabase> {
  const server = testDatabaseUrl();
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  if (options.migrate) await migrate(url.toString());
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: server });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
