import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestOrg, TestUser, addToTeam, auth, createOrg, createUser } from '../helpers/factories';
import { CliOptions, CliServer, cliHome, ensureCliBuilt, runCli, startCliServer } from '../helpers/cli';
import { uniqueName } from '../helpers/names';
import { createSecret } from '../helpers/secrets';

/** `strongroom export`, `import` and `metronome resolve` as child processes against the real server. */
describe('strongroom export, import and metronome resolve', () => {
  let srv: CliServer;
  let home: ReturnType<typeof cliHome>;
  let alice: TestUser;
  let source: TestOrg;

  /** Names chosen so that dotenv keys come back as the same names, values chosen to need quoting. */
  const values: Record<string, string> = {
    API_TOKEN: 'plain-token_123',
    DB_URL: 'postgres://u:p@db:5432/app?sslmode=require',
    GREETING: 'hello world # not a comment',
    QUOTES: `it's "quoted" and \\back\\slashed $HOME`,
    MULTI_LINE: '-----BEGIN-----\nline two\r\nline three\n',
    UNICODE: 'ünïcødé ✓',
  };

  beforeAll(async () => {
    await ensureCliBuilt();
    srv = await startCliServer();
    home = cliHome();
    alice = await createUser(srv.t);
    source = await memberOrg();
    const made = await Promise.all([
      ...Object.entries(values).map(([name, value]) =>
        createSecret(srv.t, source.name, alice.apiKey, { name, type: 'data', data: Buffer.from(value) }),
      ),
      createSecret(srv.t, source.name, alice.apiKey, {
        name: 'LOCKED',
        type: 'data',
        data: 'locked-value',
        storePassword: 'Lq7Zk9Wm2',
      }),
      createSecret(srv.t, source.name, alice.apiKey, { name: 'BINARY', type: 'data', data: Buffer.from([0xff, 0]) }),
      createSecret(srv.t, source.name, alice.apiKey, {
        name: 'CREDS',
        type: 'username_password',
        username: 'u',
        password: 'creds-password',
      }),
    ]);
    expect(made.map((r) => r.status)).toEqual(made.map(() => 200));
  });
  afterAll(async () => {
    await srv?.stop();
    home?.dispose();
  });

  async function memberOrg(): Promise<TestOrg> {
    const org = await createOrg(srv.t);
    await addToTeam(srv.t, org.name, 'default', alice.id);
    return org;
  }

  function sr(args: string[], opts: CliOptions = {}) {
    return runCli(args, {
      ...opts,
      env: { HOME: home.home, STRONGROOM_URL: srv.url, STRONGROOM_API_KEY: alice.apiKey, ...opts.env },
    });
  }

  const skipNotes = (org: TestOrg) => [
    `Skipped ${org.name}/BINARY: the value is not UTF-8 text`,
    `Skipped ${org.name}/CREDS: a USERNAME_PASSWORD secret has no single text value`,
    `Skipped ${org.name}/LOCKED: it is protected by a store password`,
  ];

  it('dotenv: export → import → export gives the same file; skipped secrets are named on stderr', async () => {
    const file = path.join(home.home, 'source.env');
    const exported = await sr(['export', source.name, '--format', 'dotenv', '-o', file]);
    expect(exported.code).toBe(0);
    expect(exported.out).toBe('');
    for (const line of skipNotes(source)) expect(exported.stderr).toContain(line);
    expect(exported.stderr).toContain(`Exported 6 secret(s) of ${source.name}, skipped 3`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toMatch(/locked-value|creds-password/);
    expect(text).toContain('API_TOKEN=plain-token_123\n');
    expect(text).toContain(`GREETING='hello world # not a comment'\n`);

    const target = await memberOrg();
    const imported = await sr(['import', target.name, file, '--format', 'dotenv']);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('6 created, 0 updated, 0 failed');
    for (const r of [exported, imported]) expect(r.stderr).not.toMatch(/plain-token|line two|ünïcødé/);

    const again = await sr(['export', target.name, '--format', 'dotenv']);
    expect(again.out).toBe(text);
    const got = await sr(['secret', 'get', `${target.name}/MULTI_LINE`]);
    expect(got.out).toBe(values.MULTI_LINE);
  });

  it('json: export → import (with --visibility) keeps names and values; --update updates and reports failures', async () => {
    const renamed = uniqueName('db.password');
    await createSecret(srv.t, source.name, alice.apiKey, { name: renamed, type: 'data', data: 'dotted-name' });
    const exported = await sr(['export', source.name, '--json']);
    expect(exported.code).toBe(0);
    const map = JSON.parse(exported.out);
    expect(map).toEqual({ ...values, [renamed]: 'dotted-name' });

    const target = await memberOrg();
    const file = path.join(home.home, 'source.json');
    fs.writeFileSync(file, exported.out);
    const imported = await sr(['import', target.name, file, '--format', 'json', '--visibility', 'private', '--json']);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.out)).toEqual({ created: Object.keys(map), updated: [], failed: [] });
    const [again, listed] = await Promise.all([
      sr(['export', target.name, '--format', 'json']),
      sr(['secret', 'list', target.name, '--json']),
    ]);
    expect(JSON.parse(again.out)).toEqual(map);
    expect(new Set(JSON.parse(listed.out).map((e: { visibility: string }) => e.visibility))).toEqual(
      new Set(['PRIVATE']),
    );

    // Without --update existing names fail (new ones are created); with it DATA secrets are updated,
    // other types refused.
    await createSecret(srv.t, target.name, alice.apiKey, { name: 'KEYS', type: 'key_pair', keyAlgorithm: 'ed25519' });
    const update = path.join(home.home, 'update.json');
    fs.writeFileSync(update, JSON.stringify({ API_TOKEN: 'rotated', KEYS: 'not-a-key', NEW_ONE: 'fresh', x: 'bad' }));
    const [refused, updated] = [
      await sr(['import', target.name, update, '--format', 'json']),
      await sr(['import', target.name, update, '--format', 'json', '--update', '--json']),
    ];
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Failed ${target.name}/API_TOKEN: Secret already exists: API_TOKEN`);
    expect(refused.stderr).toContain(`Created ${target.name}/NEW_ONE`);
    expect(refused.stderr).toContain('1 created, 0 updated, 3 failed');
    expect(updated.code).toBe(1);
    const report = JSON.parse(updated.out);
    expect(report).toMatchObject({ created: [], updated: ['API_TOKEN', 'NEW_ONE'] });
    expect(report.failed).toEqual([
      { name: 'KEYS', error: 'it is a KEY_PAIR secret; import updates only DATA secrets' },
      { name: 'x', error: expect.stringContaining('Invalid secret name: x') },
    ]);
    expect(refused.stderr + updated.out + updated.stderr).not.toMatch(/rotated|fresh|not-a-key/);
    const rotated = await sr(['secret', 'get', `${target.name}/API_TOKEN`]);
    expect(rotated.out).toBe('rotated');
  });

  it('export skips what the key may not read (PRIVATE without a rule, a project-scoped secret), saying why', async () => {
    const org = await memberOrg();
    const project = uniqueName('app');
    const res = await srv.t.http
      .post(`/api/v1/org/${org.name}/project`)
      .set(auth(srv.t.adminKey))
      .send({ name: project });
    expect(res.status).toBe(200);
    const made = await Promise.all([
      createSecret(srv.t, org.name, alice.apiKey, { name: 'OPEN', type: 'data', data: 'open-value' }),
      createSecret(srv.t, org.name, srv.t.adminKey, {
        name: 'HIDDEN',
        type: 'data',
        data: 'hidden-value',
        visibility: 'PRIVATE',
      }),
      createSecret(srv.t, org.name, alice.apiKey, {
        name: 'SCOPED',
        type: 'data',
        data: 'scoped-value',
        projects: project,
      }),
    ]);
    expect(made.map((r) => r.status)).toEqual([200, 200, 200]);
    const exported = await sr(['export', org.name, '--format', 'dotenv']);
    expect([exported.code, exported.out]).toEqual([0, 'OPEN=open-value\n']);
    expect(exported.stderr).toContain(
      `Skipped ${org.name}/HIDDEN: The current user doesn't have the necessary access level (READER) to the secret: HIDDEN\n`,
    );
    expect(exported.stderr).toContain(
      `Skipped ${org.name}/SCOPED: Project-scoped secrets can only be accessed within a running process. Secret: SCOPED (it is linked to project ${project}`,
    );
    expect(exported.stderr).not.toMatch(/hidden-value|scoped-value/);
  });

  it('refuses names that collide as dotenv keys, and files it cannot read, without quoting a value', async () => {
    const org = await memberOrg();
    await createSecret(srv.t, org.name, alice.apiKey, { name: 'db.url', type: 'data', data: 'one' });
    await createSecret(srv.t, org.name, alice.apiKey, { name: 'db-url', type: 'data', data: 'two' });
    const bad = path.join(home.home, 'bad.env');
    fs.writeFileSync(bad, 'GOOD=1\nBROKEN="never closed-secret\n');
    const [collision, broken, wrongFormat] = await Promise.all([
      sr(['export', org.name, '--format', 'dotenv']),
      sr(['import', org.name, bad, '--format', 'dotenv']),
      sr(['import', org.name, bad, '--format', 'yaml']),
    ]);
    expect([collision.code, collision.out]).toEqual([1, '']);
    expect(collision.stderr).toBe(
      `strongroom: ${org.name}/db-url and ${org.name}/db.url both become DB_URL in dotenv: use --format json, or rename one\n`,
    );
    expect([broken.code, broken.stderr]).toEqual([1, `strongroom: ${bad}, line 2: the double quote is never closed\n`]);
    expect(wrongFormat.code).toBe(2);
  });

  it('metronome resolve: variables as dotenv, files as comments; --json; --env-file (0600); a bad job is exit 1', async () => {
    const job = {
      id: 'job-env-secret',
      run: {
        cmd: 'true',
        env: { SECRET_ENV: { secret: 'secret1' }, PLAIN: 'p' },
        secrets: { secret1: { source: '/API_TOKEN' }, secret2: { source: `/${source.name}/GREETING` } },
        volumes: [{ containerPath: '/mnt/test', secret: 'secret2' }],
        ucr: { image: { id: 'ubuntu' } },
      },
    };
    const jobFile = path.join(home.home, 'job.json');
    fs.writeFileSync(jobFile, JSON.stringify(job));
    const envFile = path.join(home.home, 'job.env');
    const [printed, json, written] = await Promise.all([
      sr(['metronome', 'resolve', source.name, jobFile]),
      sr(['metronome', 'resolve', source.name, jobFile, '--json']),
      sr(['metronome', 'resolve', source.name, jobFile, '--env-file', envFile]),
    ]);
    expect(printed.out).toBe(`SECRET_ENV=plain-token_123\n# file /mnt/test: ${values.GREETING.length} bytes, RO\n`);
    expect(JSON.parse(json.out)).toEqual({
      env: { SECRET_ENV: 'plain-token_123' },
      files: [{ containerPath: '/mnt/test', data: Buffer.from(values.GREETING).toString('base64'), mode: 'RO' }],
    });
    expect([written.code, written.out]).toEqual([0, '']);
    expect(written.stderr).toContain(`Wrote 1 variable(s) to ${envFile} (mode 0600); files: /mnt/test`);
    expect(fs.readFileSync(envFile, 'utf8')).toBe('SECRET_ENV=plain-token_123\n');
    expect(fs.statSync(envFile).mode & 0o777).toBe(0o600);

    const bad = path.join(home.home, 'bad-job.json');
    fs.writeFileSync(bad, JSON.stringify({ run: { env: { A: { secret: 'missing' } } } }));
    fs.writeFileSync(path.join(home.home, 'broken.json'), '{"run": ');
    const [invalid, locked, broken] = await Promise.all([
      sr(['metronome', 'resolve', source.name, bad]),
      sr(['metronome', 'resolve', source.name, '-'], {
        input: JSON.stringify({ run: { env: { L: { secret: 's' } }, secrets: { s: { source: 'LOCKED' } } } }),
      }),
      sr(['metronome', 'resolve', source.name, path.join(home.home, 'broken.json')]),
    ]);
    expect([invalid.code, invalid.stderr]).toEqual([
      1,
      `strongroom: ${bad} in ${source.name}: Object is not valid: /run/: The following secrets are referenced, but undefined: missing. Please add them to the secrets field.\n`,
    ]);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain("Secret reference 's' (source 'LOCKED') cannot be resolved");
    expect(broken.stderr).toMatch(/broken\.json is not valid JSON/);
  });
});
