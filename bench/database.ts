import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';

export interface BenchDatabase {
  url: string;
  dispose(): Promise<void>;
}

/**
 * The database both servers use: a fresh database on the given PostgreSQL server (dropped at the
 * end), that URL as is, or an embedded PostgreSQL in a temp dir (removed at the end).
 */
export async function openBenchDatabase(url: string | undefined, asIs: boolean): Promise<BenchDatabase> {
  if (url && asIs) return { url, dispose: async () => {} };
  if (url) {
    const name = `strongroom_bench_${crypto.randomBytes(4).toString('hex')}`;
    await withClient(url, (c) => c.query(`CREATE DATABASE "${name}"`));
    const own = new URL(url);
    own.pathname = `/${name}`;
    return {
      url: own.toString(),
      dispose: () => withClient(url, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-bench-pg-'));
  const pg = await startEmbeddedPostgres(dir);
  return {
    url: pg.url,
    dispose: async () => {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
