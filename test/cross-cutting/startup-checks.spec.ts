import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import request from 'supertest';
import { setLogSink } from '../../src/common/json-logger';
import { AppConfig, ConfigError } from '../../src/config/config';
import { RunningServer, startServer } from '../../src/startup/server';
import { uniqueName } from '../helpers/names';
import { rawBytes } from '../helpers/secrets';
import { ensureBuilt, openTempDir, ServerProcess, unusedPort } from '../helpers/server-process';
import { TcpProxy } from '../helpers/tcp-proxy';
import { TEST_ADMIN_KEY, testConfig } from '../helpers/test-app';
import { createTestDatabase, TestDatabase } from '../setup/test-database';

/**
 * What the server checks before it serves, run as `startServer` (what `npm start` runs) and as the
 * real process: the database it is pointed at, the keyring against what that database holds, the
 * admin key file against the database it belongs to.
 */
const key = (id: string) => ({ id, material: crypto.randomBytes(32).toString('base64') });
const keyring = (...keys: { id: string; material: string }[]) => keys.map((k) => `${k.id}:${k.material}`).join(',');

describe('start-up checks', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  let previousSink: ReturnType<typeof setLogSink>;
  const logs: string[] = [];

  beforeEach(() => {
    logs.length = 0;
    previousSink = setLogSink((line) => logs.push(line));
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    setLogSink(previousSink);
  });

  async function database(): Promise<TestDatabase> {
    const db = await createTestDatabase();
    cleanup.push(() => db.dispose());
    return db;
  }

  function config(env: Record<string, string>): AppConfig {
    const c = testConfig({ PORT: '0', STRONGROOM_HOST: '127.0.0.1', ...env });
    cleanup.push(() => fs.rmSync(c.dataDir, { recursive: true, force: true }));
    return c;
  }

  async function start(c: AppConfig): Promise<RunningServer> {
    const s = await startServer(c);
    cleanup.push(() => s.stop());
    return s;
  }

  describe('the database', () => {
    beforeAll(() => ensureBuilt(), 10 * 60 * 1000);

    it('names a database that refuses the connection, after trying for the time allowed', async () => {
      const port = await unusedPort();
      const dataDir = openTempDir('strongroom-nodb-');
      cleanup.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
      const started = Date.now();
      const s = new ServerProcess({
        DATABASE_URL: `postgres://postgres:hunter2-secret@127.0.0.1:${port}/strongroom`,
        STRONGROOM_DATABASE_WAIT_SECONDS: '2',
        STRONGROOM_DATA_DIR: dataDir,
      });
      cleanup.push(() => s.stop());
      expect(await s.exit()).toEqual({ code: 1, signal: null });
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
      expect(s.stderr).toMatch(
        new RegExp(
          `^Strongroom failed to start: the database at 127\\.0\\.0\\.1:${port}/strongroom refused the connection ` +
            '\\(is PostgreSQL running there\\?\\) \\(tried \\d+ times over 2 s\\)\\n$',
        ),
      );
      expect(s.stdout + s.stderr).not.toContain('hunter2-secret');
      const lines = s.logLines();
      expect(lines.some((l) => l.level === 'warn' && /trying again for up to/.test(String(l.msg)))).toBe(true);
      expect(lines.some((l) => l.level === 'error' && /refused the connection/.test(String(l.msg)))).toBe(true);
    });

    it('waits for a database that comes up during the wait', async () => {
      const db = await database();
      const target = new URL(db.url);
      const port = await unusedPort();
      const c = config({ STRONGROOM_DATABASE_WAIT_SECONDS: '30' });
      c.databaseUrl = Object.assign(new URL(db.url), { port: String(port), hostname: '127.0.0.1' }).toString();
      const starting = startServer(c);
      await new Promise((r) => setTimeout(r, 1500));
      const proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432), port);
      cleanup.push(() => proxy.close());
      const s = await starting;
      cleanup.push(() => s.stop());
      await request(s.url).get('/api/v1/server/health').expect(200);
      expect(logs.some((l) => /refused the connection .*trying again/.test(l))).toBe(true);
    });

    it('names the database and the fix for a wrong password, without retrying', async () => {
      const db = await database();
      const wrong = new URL(db.url);
      wrong.username = 'strongroom_no_such_user';
      wrong.password = 'not-the-password';
      const c = config({ STRONGROOM_DATABASE_WAIT_SECONDS: '30' });
      c.databaseUrl = wrong.toString();
      const started = Date.now();
      await expect(startServer(c)).rejects.toThrow(
        /^the database at .* refused the login: .*check the user and password/,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('names the HTTP port when it is taken', async () => {
      const db = await database();
      const taken = net.createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
      cleanup.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
      const port = (taken.address() as net.AddressInfo).port;
      const c = config({ DATABASE_URL: db.url, PORT: String(port) });
      await expect(startServer(c)).rejects.toThrow(
        `HTTP listener: port ${port} on 127.0.0.1 is already in use by another process; stop it or set PORT`,
      );
    });
  });

  describe('the keyring', () => {
    async function seal(c: AppConfig): Promise<string> {
      const s = await start(c);
      const org = uniqueName('keys-org');
      const admin = { Authorization: TEST_ADMIN_KEY };
      await request(s.url).post('/api/v1/org').set(admin).send({ name: org }).expect(200);
      await request(s.url)
        .post(`/api/v1/org/${org}/secret`)
        .set(admin)
        .field('name', 'sealed')
        .field('type', 'data')
        .field('data', 'value')
        .expect(200);
      await s.stop();
      return org;
    }

    it('refuses to start with a keyring that lacks the key ids the stored secrets need, naming them', async () => {
      const db = await database();
      const original = key('original');
      await seal(config({ DATABASE_URL: db.url, STRONGROOM_SERVER_KEYS: keyring(original) }));

      const other = key('other');
      const refused = startServer(config({ DATABASE_URL: db.url, STRONGROOM_SERVER_KEYS: keyring(other) }));
      await expect(refused).rejects.toThrow(ConfigError);
      await expect(refused).rejects.toThrow(
        /^The keyring \(STRONGROOM_SERVER_KEYS\) lacks server key 'original' \(1 row\) that this database's secrets are sealed with/,
      );
      // With the key back (after a new active one), it starts.
      await start(config({ DATABASE_URL: db.url, STRONGROOM_SERVER_KEYS: keyring(other, original) }));
    });

    it('refuses a key that has the right id but other bytes, naming the id', async () => {
      const db = await database();
      const original = key('k1');
      const org = await seal(config({ DATABASE_URL: db.url, STRONGROOM_SERVER_KEYS: keyring(original) }));

      const impostor = { id: 'k1', material: crypto.randomBytes(32).toString('base64') };
      const refused = startServer(config({ DATABASE_URL: db.url, STRONGROOM_SERVER_KEYS: keyring(impostor) }));
      await expect(refused).rejects.toThrow(
        /^Server key 'k1' is not the key that id stood for when this database first used it/,
      );
      await expect(refused).rejects.not.toThrow(impostor.material);

      const s = await start(config({ DATABASE_URL: db.url, STRONGROOM_SERVER_KEYS: keyring(original) }));
      const read = await request(s.url)
        .post(`/api/v1/org/${org}/secret/sealed/data`)
        .set('Authorization', TEST_ADMIN_KEY)
        .buffer(true)
        .parse(rawBytes)
        .expect(200);
      expect((read.body as Buffer).toString('utf8')).toBe('value');
    });

    it('refuses the wrong keyring in the real process with a message at error level', async () => {
      ensureBuilt();
      const db = await database();
      const original = key('proc-key');
      await seal(config({ DATABASE_URL: db.url, STRONGROOM_SERVER_KEYS: keyring(original) }));
      const dataDir = openTempDir('strongroom-keys-');
      cleanup.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
      const wrong = { id: 'proc-key', material: crypto.randomBytes(32).toString('base64') };
      const s = new ServerProcess({
        DATABASE_URL: db.url,
        STRONGROOM_DATA_DIR: dataDir,
        STRONGROOM_SERVER_KEYS: keyring(wrong),
        STRONGROOM_ADMIN_API_KEY: TEST_ADMIN_KEY,
      });
      cleanup.push(() => s.stop());
      expect(await s.exit()).toEqual({ code: 1, signal: null });
      expect(s.stderr).toMatch(
        /^Strongroom failed to start: Configuration error: Server key 'proc-key' is not the key/,
      );
      expect(s.logLines().some((l) => l.level === 'error' && /Server key 'proc-key'/.test(String(l.msg)))).toBe(true);
      expect(s.stdout + s.stderr).not.toContain(wrong.material);
    }, 120_000);
  });

  describe('the admin key file', () => {
    it('survives a start on another database; that database gets a key file of its own', async () => {
      const first = await database();
      const second = await database();
      const dataDir = openTempDir('strongroom-adminkey-');
      cleanup.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
      const env = { STRONGROOM_DATA_DIR: dataDir, STRONGROOM_ADMIN_API_KEY: '' };
      const printed = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
      cleanup.push(() => printed.mockRestore());

      const a = await start(config({ ...env, DATABASE_URL: first.url }));
      const keyFile = path.join(dataDir, 'admin-api-key');
      const firstKey = fs.readFileSync(keyFile, 'utf8').trim();
      await request(a.url).get('/api/v1/org').set('Authorization', firstKey).expect(200);
      await a.stop();

      const b = await start(config({ ...env, DATABASE_URL: second.url }));
      expect(fs.readFileSync(keyFile, 'utf8').trim()).toBe(firstKey);
      const own = fs.readdirSync(dataDir).filter((f) => /^admin-api-key\.[0-9a-f-]{36}$/.test(f));
      expect(own).toHaveLength(1);
      const ownFile = path.join(dataDir, own[0]);
      expect(fs.statSync(ownFile).mode & 0o777).toBe(0o600);
      const secondKey = fs.readFileSync(ownFile, 'utf8').trim();
      const banner = printed.mock.calls.map((c) => String(c[0])).join('');
      expect(banner).toContain(
        `API key created for user 'admin': ${secondKey}\n(also written to ${ownFile}, mode 0600)`,
      );
      expect(banner).toContain(`${keyFile} holds the admin key of another database and was left as it is`);
      await request(b.url).get('/api/v1/org').set('Authorization', secondKey).expect(200);
      await request(b.url).get('/api/v1/org').set('Authorization', firstKey).expect(401);
      await b.stop();

      // Each database still knows its own file; the first key still opens the first database.
      const again = await start(config({ ...env, DATABASE_URL: first.url }));
      await request(again.url).get('/api/v1/org').set('Authorization', firstKey).expect(200);
      expect(logs.some((l) => l.includes(`The admin API key of this database is in ${keyFile}`))).toBe(true);
    });
  });
});
