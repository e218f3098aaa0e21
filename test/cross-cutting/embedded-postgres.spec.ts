import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { assertReachable, isRoot, postgresRunAs } from '../../src/database/postgres-user';
import { isAlive, runningPostmaster } from '../../src/database/postmaster';
import { uniqueName } from '../helpers/names';
import { ensureBuilt, openTempDir, ServerProcess } from '../helpers/server-process';

/**
 * The embedded PostgreSQL's life as an operator meets it, with the real server process
 * (`node dist/src/main.js`, no DATABASE_URL): a crash of Strongroom, PostgreSQL or initdb refusing
 * to start, and root with a checkout in a private home.
 */
describe('embedded PostgreSQL lifecycle', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  beforeAll(() => ensureBuilt(), 10 * 60 * 1000);
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  function dataDirs(): { base: string; dataDir: string; tmp: string } {
    const base = openTempDir('strongroom-embedded-');
    // The child's own temp dir, to see what initdb's password file leaves behind.
    const tmp = path.join(base, 'tmp');
    fs.mkdirSync(tmp, { mode: 0o755 });
    cleanup.push(() => fs.rmSync(base, { recursive: true, force: true }));
    return { base, dataDir: path.join(base, 'data'), tmp };
  }

  function server(env: Record<string, string>): ServerProcess {
    const s = new ServerProcess(env);
    cleanup.push(() => s.stop());
    return s;
  }

  function errorLines(s: ServerProcess): string[] {
    return s
      .logLines()
      .filter((l) => l.level === 'error')
      .map((l) => String(l.msg));
  }

  it('starts again after kill -9 of the node process while its PostgreSQL keeps running', async () => {
    const { dataDir, tmp } = dataDirs();
    const env = { STRONGROOM_DATA_DIR: dataDir, TMPDIR: tmp };
    const first = server(env);
    const url = await first.listening();
    const adminKey = fs.readFileSync(path.join(dataDir, 'admin-api-key'), 'utf8').trim();
    const org = uniqueName('crash-org');
    await request(url).post('/api/v1/org').set('Authorization', adminKey).send({ name: org }).expect(200);
    const clusterDir = path.join(dataDir, 'pg');
    const orphan = runningPostmaster(clusterDir);
    expect(orphan).toBeDefined();

    first.child.kill('SIGKILL');
    await first.exit();
    // The postmaster outlives its parent: this is what used to make every later start fail.
    expect(isAlive(orphan!.pid)).toBe(true);

    const second = server(env);
    const url2 = await second.listening();
    expect(isAlive(orphan!.pid)).toBe(false);
    const warned = second.logLines().find((l) => l.level === 'warn' && /left running/.test(String(l.msg)));
    expect(String(warned?.msg)).toContain(`pid ${orphan!.pid}`);
    await request(url2).get(`/api/v1/org/${org}`).set('Authorization', adminKey).expect(200);
    // initdb's password file went to a private temp dir that is gone.
    expect(fs.readdirSync(tmp)).toEqual([]);

    const replacement = runningPostmaster(clusterDir)!;
    second.child.kill('SIGTERM');
    expect(await second.exit()).toEqual({ code: 0, signal: null });
    expect(isAlive(replacement.pid)).toBe(false);
    expect(fs.existsSync(path.join(clusterDir, 'postmaster.pid'))).toBe(false);
  });

  it('refuses a second start on a data dir whose PostgreSQL a running Strongroom owns', async () => {
    const { dataDir } = dataDirs();
    const pg = await startEmbeddedPostgres(dataDir);
    cleanup.push(() => pg.stop());
    // This process started it and still runs: stopping it would pull the database from under us.
    await expect(startEmbeddedPostgres(dataDir)).rejects.toThrow(
      /is in use by PostgreSQL pid \d+, started by Strongroom process \d+, which is still running/,
    );
    // A cluster started by an older Strongroom has no owner file: its live Node parent says the same.
    fs.rmSync(path.join(dataDir, 'embedded-postgres.owner'));
    await expect(startEmbeddedPostgres(dataDir)).rejects.toThrow(
      new RegExp(`started by Strongroom process ${process.pid}, which is still running`),
    );
  });

  it("shows initdb's own words at error level when the cluster cannot be created, and leaves no password file", async () => {
    const { dataDir, tmp } = dataDirs();
    // A cluster directory that is not empty and not a cluster: initdb refuses it.
    fs.mkdirSync(path.join(dataDir, 'pg'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'pg', 'stray-file'), 'x');
    if (isRoot()) {
      const pgUser = postgresRunAs();
      fs.chownSync(path.join(dataDir, 'pg'), pgUser.uid, pgUser.gid);
    }
    const s = server({ STRONGROOM_DATA_DIR: dataDir, TMPDIR: tmp });
    expect(await s.exit()).toEqual({ code: 1, signal: null });
    expect(s.stderr).toMatch(
      /^Strongroom failed to start: embedded PostgreSQL: creating the cluster under .*\/pg failed/,
    );
    expect(s.stderr).toMatch(/initdb said: .*exists but is not empty/);
    expect(s.stderr).not.toMatch(/undefined|init script exited/);
    expect(errorLines(s).join('\n')).toContain('exists but is not empty');
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it("shows PostgreSQL's own words at error level when the server refuses to start", async () => {
    const { dataDir } = dataDirs();
    const pg = await startEmbeddedPostgres(dataDir);
    await pg.stop();
    fs.appendFileSync(path.join(dataDir, 'pg', 'postgresql.conf'), "\nshared_buffers = 'plenty'\n");
    const s = server({ STRONGROOM_DATA_DIR: dataDir });
    expect(await s.exit()).toEqual({ code: 1, signal: null });
    expect(s.stderr).toMatch(/embedded PostgreSQL: the server on .*\/pg exited during start-up with code 1/);
    expect(s.stderr).toMatch(/PostgreSQL said: .*invalid value for parameter "shared_buffers": "plenty"/);
    expect(errorLines(s).join('\n')).toContain('shared_buffers');
  });

  (isRoot() ? describe : describe.skip)('as root', () => {
    it('names the private directory and the fix when the data dir is under a 0700 home', async () => {
      // A private home as containers have it: /root itself when it is 0700, else a 0700 stand-in.
      const home = os.homedir();
      const homeIsPrivate = (fs.statSync(home).mode & 0o077) === 0;
      const parent = homeIsPrivate
        ? fs.mkdtempSync(path.join(home, 'strongroom-test-'))
        : fs.mkdtempSync(path.join(os.tmpdir(), 'home-'));
      cleanup.push(() => fs.rmSync(parent, { recursive: true, force: true }));
      const blocking = homeIsPrivate ? home : parent;
      const s = server({ STRONGROOM_DATA_DIR: path.join(parent, 'data') });
      expect(await s.exit()).toEqual({ code: 1, signal: null });
      const message = s.stderr;
      expect(message).toContain(`'postgres' cannot enter ${blocking} (mode 0700`);
      expect(message).toContain("Strongroom's data dir");
      expect(message).toContain('set STRONGROOM_DATA_DIR to a directory outside it');
      expect(message).toContain(`chmod o+x ${blocking}`);
      expect(message).toContain('DATABASE_URL');
      expect(errorLines(s).join('\n')).toContain(`cannot enter ${blocking}`);
    });

    it('names the directory when the PostgreSQL binaries themselves are out of reach', () => {
      const privateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkout-'));
      cleanup.push(() => fs.rmSync(privateDir, { recursive: true, force: true }));
      const binary = path.join(privateDir, 'node_modules', 'postgres');
      fs.mkdirSync(path.dirname(binary), { recursive: true, mode: 0o755 });
      fs.writeFileSync(binary, '', { mode: 0o755 });
      expect(() =>
        assertReachable(postgresRunAs(), [
          { path: binary, what: 'the PostgreSQL binaries', move: 'move the checkout' },
        ]),
      ).toThrow(
        new RegExp(`cannot enter ${privateDir} \\(mode 0700, owner uid 0\\), which holds the PostgreSQL binaries`),
      );
    });
  });
});
