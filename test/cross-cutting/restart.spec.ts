import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { setLogSink } from '../../src/common/json-logger';
import { AppConfig } from '../../src/config/config';
import { RunningServer, startServer } from '../../src/startup/server';
import { uniqueName } from '../helpers/names';
import { TEST_ADMIN_KEY, testConfig } from '../helpers/test-app';
import { TestDatabase, createTestDatabase } from '../setup/test-database';

/**
 * The real server (startServer, as `npm start` runs it) stopped and started again on the same data.
 * Without DATABASE_URL it runs its own embedded PostgreSQL in the data dir, as `npm start` does;
 * with DATABASE_URL it uses a database on that server.
 */
const EXTERNAL = Boolean(process.env.DATABASE_URL);

function configFor(env: Record<string, string>, databaseUrl?: string): AppConfig {
  return testConfig({
    PORT: '0',
    STRONGROOM_HOST: '127.0.0.1',
    ...env,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
}

/** The embedded cluster writes postmaster.pid while it runs; a clean stop removes it. */
function expectEmbeddedPostgresStopped(config: AppConfig): void {
  if (!EXTERNAL) expect(fs.existsSync(path.join(config.dataDir, 'pg', 'postmaster.pid'))).toBe(false);
}

describe('restart', () => {
  const logs: string[] = [];
  let previousSink: ReturnType<typeof setLogSink>;
  let server: RunningServer | undefined;
  let config: AppConfig | undefined;
  let database: TestDatabase | undefined;

  beforeEach(() => {
    previousSink = setLogSink((line) => logs.push(line));
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    await database?.dispose();
    database = undefined;
    if (config) fs.rmSync(config.dataDir, { recursive: true, force: true });
    config = undefined;
    setLogSink(previousSink);
  });

  async function restart(current: RunningServer, cfg: AppConfig): Promise<RunningServer> {
    await current.stop();
    server = undefined;
    expectEmbeddedPostgresStopped(cfg);
    server = await startServer(cfg);
    return server;
  }

  it('keeps orgs and the admin key across a restart', async () => {
    // A database of its own: a start refuses a shared one holding rows under other specs' server keys.
    database = EXTERNAL ? await createTestDatabase() : undefined;
    config = configFor({}, database?.url);
    server = await startServer(config);
    const org = uniqueName('restart-org');
    const admin = { Authorization: TEST_ADMIN_KEY };
    const created = await request(server.url).post('/api/v1/org').set(admin).send({ name: org }).expect(200);

    server = await restart(server, config);

    const got = await request(server.url).get(`/api/v1/org/${org}`).set(admin).expect(200);
    expect(got.body).toMatchObject({ id: created.body.id, name: org });
    await request(server.url).get('/api/v1/org/Default').set(admin).expect(200);
  });

  it('generates the admin key and server key files once (0600), and the admin key works', async () => {
    // The admin key is generated only on a database's first start: give this test a database of its own.
    database = EXTERNAL ? await createTestDatabase() : undefined;
    config = configFor({ STRONGROOM_ADMIN_API_KEY: '', STRONGROOM_SERVER_KEYS: '' }, database?.url);
    expect(config.adminApiKey).toBeUndefined();
    expect(config.serverKeys).toBeUndefined();
    const printed = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      server = await startServer(config);
      const keyFile = path.join(config.dataDir, 'admin-api-key');
      const serverKeysFile = path.join(config.dataDir, 'server-keys');
      for (const file of [keyFile, serverKeysFile]) expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const adminKey = fs.readFileSync(keyFile, 'utf8').trim();
      const serverKeys = fs.readFileSync(serverKeysFile, 'utf8');
      expect(printed.mock.calls.map((c) => String(c[0])).join('')).toContain(adminKey);
      // The one-time stdout banner is the only place the key appears: never in a log line.
      expect(logs.join('\n')).not.toContain(adminKey);
      await request(server.url).get('/api/v1/org/Default').set('Authorization', adminKey).expect(200);
      printed.mockClear();

      server = await restart(server, config);

      expect(fs.readFileSync(keyFile, 'utf8').trim()).toBe(adminKey);
      expect(fs.readFileSync(serverKeysFile, 'utf8')).toBe(serverKeys);
      expect(printed.mock.calls.map((c) => String(c[0])).join('')).not.toContain('API key created');
      await request(server.url).get('/api/v1/org/Default').set('Authorization', adminKey).expect(200);
      const keys = await request(server.url).get('/api/v1/apikey').set('Authorization', adminKey).expect(200);
      expect(keys.body).toHaveLength(1);
    } finally {
      printed.mockRestore();
    }
  });
});
