import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

export interface TestDatabase {
  url: string;
  dispose(): Promise<void>;
}

/**
 * A database of this run's own: a fresh database on DATABASE_URL's server (dropped afterwards), or,
 * without DATABASE_URL, an embedded PostgreSQL in a temp dir (removed afterwards).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const name = `strongroom_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new Client({ connectionString: external });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(external);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      dispose: async () => {
        const c = new Client({ connectionString: external });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-test-pg-'));
  const pg = await startEmbeddedPostgres(dir);
  return {
    url: pg.url,
    dispose: async () => {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
