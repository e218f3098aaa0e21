import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { openDatabase, parseArgs, RotateArgs, rotateKeys } from '../../src/bin/rotate-keys';
import { loadConfig } from '../../src/config/config';
import {
  addActiveKeyToFile,
  formatKey,
  keyFilePath,
  loadKeyring,
  readKeyFile,
  ServerKey,
} from '../../src/crypto/server-keyring';
import { ServerKeyring } from '../../src/crypto/server-keyring.service';
import { dataSourceOptions } from '../../src/database/data-source';
import { ENTITIES } from '../../src/entities';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { KeyRotationService } from '../../src/secrets/key-rotation.service';
import { createOrg, TestOrg } from '../helpers/factories';
import { uniqueName } from '../helpers/names';
import { bodyBytes, createSecret, Fields, multipart, readSecretData } from '../helpers/secrets';
import { startTestApp, TestApp } from '../helpers/test-app';
import { createTestDatabase, TestDatabase } from '../setup/test-database';
import { migrate } from '../../src/database/data-source';

/*
 * Rotation seals rows under keys no other spec has, and a server refuses to start on a database
 * holding rows under keys its keyring lacks: so this spec rotates in a database of its own, and each
 * test between key ids of its own.
 */
let rotationDb: TestDatabase;
beforeAll(async () => {
  rotationDb = await createTestDatabase();
  await migrate(rotationDb.url);
});
afterAll(async () => {
  await rotationDb?.dispose();
});
function serverKey(prefix: string): ServerKey {
  return { id: `${prefix}-${crypto.randomBytes(6).toString('hex')}`, key: crypto.randomBytes(32) };
}

const keysEnv = (...keys: ServerKey[]) => keys.map(formatKey).join(',');
const CHEAP = { STRONGROOM_ARGON2_MEMORY_KIB: '1024', STRONGROOM_ARGON2_ITERATIONS: '1', STRONGROOM_RSA_BITS: '2048' };

interface Made {
  name: string;
  storePassword?: string;
  bytes: Buffer;
}

interface Row {
  id: string;
  name: string;
  encryptedBy: string;
  keyId: string | null;
  ciphertext: Buffer;
  wrappedKey: Buffer;
  kdfSalt: Buffer | null;
  kdfParams: unknown;
}

async function rowsOf(t: TestApp, org: TestOrg): Promise<Map<string, Row>> {
  const rows: Row[] = await t.app.get(DataSource).query(
    `SELECT id, name, encrypted_by AS "encryptedBy", key_id AS "keyId", ciphertext, wrapped_key AS "wrappedKey",
              kdf_salt AS "kdfSalt", kdf_params AS "kdfParams" FROM secrets WHERE org_id = $1`,
    [org.id],
  );
  return new Map(rows.map((r) => [r.name, r]));
}

async function read(t: TestApp, org: TestOrg, made: Made): Promise<Buffer> {
  const res = await readSecretData(t, org.name, made.name, t.adminKey, made.storePassword).expect(200);
  return bodyBytes(res);
}

async function expectAllReadable(t: TestApp, org: TestOrg, made: Made[]): Promise<void> {
  for (const m of made) expect((await read(t, org, m)).toString('hex')).toBe(m.bytes.toString('hex'));
}

/** Creates a secret and remembers the bytes `/data` answers for it. */
async function make(t: TestApp, org: TestOrg, fields: Fields, storePassword?: string): Promise<Made> {
  const name = uniqueName('rot');
  const all = storePassword === undefined ? fields : { ...fields, storePassword };
  await createSecret(t, org.name, t.adminKey, { name, ...all }).expect(200);
  const made: Made = { name, storePassword, bytes: Buffer.alloc(0) };
  made.bytes = await read(t, org, made);
  return made;
}

/** Server-key secrets of each type, then two password-protected ones. */
async function makeMix(t: TestApp, org: TestOrg): Promise<{ server: Made[]; password: Made[] }> {
  const binary = crypto.randomBytes(300);
  const server = [
    await make(t, org, { type: 'data', data: binary }),
    await make(t, org, { type: 'data', data: 'plain text value' }),
    await make(t, org, { type: 'username_password', username: 'deploy', password: 'pa55-word' }),
    await make(t, org, { type: 'key_pair' }),
  ];
  expect(server[0].bytes.equals(binary)).toBe(true);
  const password = [
    await make(t, org, { type: 'data', data: 'behind a password' }, 'First-pass-1'),
    await make(t, org, { type: 'username_password', username: 'u', password: 'p' }, 'Other-pass-2'),
  ];
  return { server, password };
}

describe('server key rotation', () => {
  const apps: TestApp[] = [];
  const start = async (env: Record<string, string>) => {
    const t = await startTestApp({ ...CHEAP, ...env }, rotationDb.url);
    apps.push(t);
    return t;
  };
  afterAll(async () => {
    for (const t of apps) await t.close();
  });

  it('re-wraps every server-key row onto the new key; ciphertexts and password rows stay as they were', async () => {
    const oldKey = serverKey('old');
    const newKey = serverKey('new');
    const before = await start({ STRONGROOM_SERVER_KEYS: keysEnv(oldKey) });
    const org = await createOrg(before);
    const { server, password } = await makeMix(before, org);
    const rowsBefore = await rowsOf(before, org);
    for (const m of server) expect(rowsBefore.get(m.name)!.keyId).toBe(oldKey.id);

    const both = await start({ STRONGROOM_SERVER_KEYS: keysEnv(newKey, oldKey) });
    const batches: number[] = [];
    const summary = await both.app.get(KeyRotationService).rotate({
      batchSize: 3,
      onBatch: (p) => void batches.push(p.rows),
    });

    expect(summary.activeKeyId).toBe(newKey.id);
    expect(summary.rewrapped).toEqual({ [oldKey.id]: server.length });
    expect(summary.failures).toEqual([]);
    expect(summary.after.toRewrap).toBe(0);
    expect(summary.after.rowsByKeyId[oldKey.id]).toBeUndefined();
    expect(batches).toEqual([3, 1]);

    const rowsAfter = await rowsOf(both, org);
    for (const m of server) {
      const [was, now] = [rowsBefore.get(m.name)!, rowsAfter.get(m.name)!];
      expect(now.keyId).toBe(newKey.id);
      expect(now.encryptedBy).toBe('SERVER_KEY');
      expect(now.ciphertext.equals(was.ciphertext)).toBe(true);
      expect(now.wrappedKey.equals(was.wrappedKey)).toBe(false);
    }
    for (const m of password) expect(rowsAfter.get(m.name)).toEqual(rowsBefore.get(m.name));

    await expectAllReadable(both, org, [...server, ...password]);
    const again = await both.app.get(KeyRotationService).rotate();
    expect(again.rewrapped).toEqual({});

    // Everything moved, so the old key can leave the keyring.
    const newOnly = await start({ STRONGROOM_SERVER_KEYS: keysEnv(newKey) });
    await expectAllReadable(newOnly, org, [...server, ...password]);
  });

  it('with a key file: the command adds the new key first, and a server started before it reads on', async () => {
    const running = await start({ STRONGROOM_SERVER_KEYS: '' });
    const oldId = running.app.get(ServerKeyring).active().id;
    const org = await createOrg(running);
    const made = [
      await make(running, org, { type: 'data', data: 'file keyring 1' }),
      await make(running, org, { type: 'username_password', username: 'a', password: 'b' }),
      await make(running, org, { type: 'data', data: 'locked up' }, 'First-pass-1'),
    ];

    // The command's own connection, as from another process.
    const ds = new DataSource(dataSourceOptions(rotationDb.url, ENTITIES));
    await ds.initialize();
    const out: string[] = [];
    try {
      await rotateKeys(running.config, ds, { newKey: true, batchSize: 500 }, (l) => out.push(l), {
        pickupWaitMs: 0,
        passDelayMs: 10,
      });
    } finally {
      await ds.destroy();
    }

    const file = keyFilePath(running.config.dataDir);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const keyLines = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
    expect(keyLines).toHaveLength(2);
    const newId = keyLines[0].split(':')[0];
    expect(keyLines[1].startsWith(`${oldId}:`)).toBe(true);

    const text = out.join('\n');
    expect(text).toContain(`New server key ${newId} is now active in ${file}; older keys kept: ${oldId}.`);
    expect(text).toContain(`Re-wrapped 2 row(s) onto ${newId} (per old key id: ${oldId}: 2).`);
    for (const line of keyLines) expect(text).not.toContain(line.split(':')[1]);

    const rows = await rowsOf(running, org);
    expect(rows.get(made[0].name)!.keyId).toBe(newId);
    expect(rows.get(made[1].name)!.keyId).toBe(newId);
    expect(rows.get(made[2].name)!.keyId).toBeNull();

    // No restart: the unknown key id makes the running server re-read its key file.
    await expectAllReadable(running, org, made);
    expect(running.app.get(ServerKeyring).active().id).toBe(newId);
    const later = await make(running, org, { type: 'data', data: 'after the rotation' });
    expect((await rowsOf(running, org)).get(later.name)!.keyId).toBe(newId);
  });

  it('keeps serving reads and updates between batches, and skips rows an update holds locked', async () => {
    const oldKey = serverKey('old');
    const newKey = serverKey('new');
    const before = await start({ STRONGROOM_SERVER_KEYS: keysEnv(oldKey) });
    const org = await createOrg(before);
    const made: Made[] = [];
    for (let i = 0; i < 6; i++) made.push(await make(before, org, { type: 'data', data: `value ${i}` }));
    const rows = await rowsOf(before, org);
    const byId = [...made].sort((a, b) => rows.get(a.name)!.id.localeCompare(rows.get(b.name)!.id));
    const [lockedFirst, updatedLast] = [byId[0], byId[byId.length - 1]];

    const both = await start({ STRONGROOM_SERVER_KEYS: keysEnv(newKey, oldKey) });
    // An update in flight elsewhere holds the first row in id order.
    const lock = both.app.get(DataSource).createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    await lock.query('SELECT id FROM secrets WHERE id = $1 FOR UPDATE', [rows.get(lockedFirst.name)!.id]);

    const passes = new Set<number>();
    let batches = 0;
    const summary = await both.app.get(KeyRotationService).rotate({
      batchSize: 1,
      passDelayMs: 10,
      onBatch: async (p) => {
        passes.add(p.pass);
        batches += 1;
        await expectAllReadable(both, org, made);
        if (batches === 1) {
          // The serving app rewrites the last row before the rotation reaches it.
          await multipart(both, `/api/v2/org/${org.name}/secret/${updatedLast.name}`, both.adminKey, {
            type: 'data',
            data: 'updated meanwhile',
          }).expect(200);
          updatedLast.bytes = Buffer.from('updated meanwhile');
        }
        if (batches === 2) await lock.commitTransaction();
      },
    });
    await lock.release();

    expect(summary.rewrapped).toEqual({ [oldKey.id]: made.length - 1 });
    expect(summary.after.toRewrap).toBe(0);
    expect(passes).toEqual(new Set([1, 2]));
    const after = await rowsOf(both, org);
    for (const m of made) expect(after.get(m.name)!.keyId).toBe(newKey.id);
    await expectAllReadable(both, org, made);
  });

  it('with STRONGROOM_SERVER_KEYS, the command says it only re-wraps and leaves the key file alone', async () => {
    const oldKey = serverKey('old');
    const newKey = serverKey('new');
    const before = await start({ STRONGROOM_SERVER_KEYS: keysEnv(oldKey) });
    const org = await createOrg(before);
    const made = await make(before, org, { type: 'data', data: 'env keys' });

    const config = loadConfig({
      STRONGROOM_DATA_DIR: before.config.dataDir,
      STRONGROOM_SERVER_KEYS: keysEnv(newKey, oldKey),
    });
    const out: string[] = [];
    await rotateKeys(config, before.app.get(DataSource), { newKey: true, batchSize: 10 }, (l) => out.push(l), {
      passDelayMs: 10,
    });
    const text = out.join('\n');
    expect(text).toContain('STRONGROOM_SERVER_KEYS is set, so this command does not change keys');
    expect(text).toContain(`Re-wrapped 1 row(s) onto ${newKey.id} (per old key id: ${oldKey.id}: 1).`);
    expect(text).not.toContain(newKey.key.toString('base64'));
    expect(text).not.toContain(oldKey.key.toString('base64'));
    expect(fs.existsSync(keyFilePath(config.dataDir))).toBe(false);
    expect((await rowsOf(before, org)).get(made.name)!.keyId).toBe(newKey.id);
  });
});

describe('rotate-keys command line', () => {
  it('parses its options', () => {
    expect(parseArgs([])).toEqual({ newKey: true, batchSize: 500 });
    expect(parseArgs(['--no-new-key', '--batch-size', '20'])).toEqual({ newKey: false, batchSize: 20 });
    expect(parseArgs(['--batch-size=7'])).toEqual({ newKey: true, batchSize: 7 });
    expect(parseArgs(['--help'])).toBe('help');
    expect(() => parseArgs(['--batch-size', '0'])).toThrow('--batch-size must be a whole number from 1 to 10000');
    expect(() => parseArgs(['--batch-size'])).toThrow('--batch-size must be a whole number');
    expect(() => parseArgs(['--force'])).toThrow('Unknown option: --force');
  });

  describe('finding the database', () => {
    let dataDir: string;
    beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-rotate-'))));
    afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const config = (env: Record<string, string> = {}) => loadConfig({ STRONGROOM_DATA_DIR: dataDir, ...env });

    it('refuses to make up a key file the server does not have', async () => {
      // The key file check comes before any query, so no database is needed.
      const noDatabase = undefined as unknown as DataSource;
      await expect(rotateKeys(config(), noDatabase, parseArgs([]) as RotateArgs, () => {})).rejects.toThrow(
        /^No key file at .*server-keys: if the server runs with STRONGROOM_SERVER_KEYS, set it for this command too/,
      );
      expect(fs.existsSync(keyFilePath(dataDir))).toBe(false);
    });

    it('will not write the key file while another rotation is writing it', () => {
      const [only] = loadKeyring(undefined, dataDir);
      fs.writeFileSync(`${keyFilePath(dataDir)}.tmp`, '');
      expect(() => addActiveKeyToFile(dataDir)).toThrow(/server-keys.tmp exists: another rotation is writing/);
      expect(readKeyFile(dataDir)).toEqual([only]);
    });

    it('uses DATABASE_URL when set', async () => {
      const db = await openDatabase(config({ DATABASE_URL: 'postgres://u:p@db.example:5432/x' }));
      expect(db.url).toBe('postgres://u:p@db.example:5432/x');
    });

    it('refuses a data dir without an embedded cluster', async () => {
      await expect(openDatabase(config())).rejects.toThrow(/^No embedded PostgreSQL under .*: set DATABASE_URL/);
    });

    it("connects to a running server's embedded cluster through its postmaster.pid", async () => {
      const running = await startEmbeddedPostgres(dataDir);
      try {
        const db = await openDatabase(config());
        expect(db.url).toBe(running.url);
        expect(db.description).toMatch(/^the running server's embedded PostgreSQL \(port \d+\)$/);

        const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
        // PostgreSQL rewrites the file's status line as it finishes starting; edit it only after that.
        for (let i = 0; i < 100 && !/^ready\s*$/m.test(fs.readFileSync(pidFile, 'utf8')); i++) {
          await new Promise((r) => setTimeout(r, 50));
        }
        const original = fs.readFileSync(pidFile, 'utf8');
        const lines = original.split('\n');
        lines[3] = '';
        fs.writeFileSync(pidFile, lines.join('\n'));
        try {
          await expect(openDatabase(config())).rejects.toThrow(
            /is in use \(pid \d+\) but its port or password cannot be found: pass DATABASE_URL=/,
          );
        } finally {
          fs.writeFileSync(pidFile, original);
        }
      } finally {
        await running.stop();
      }
    });
  });
});
