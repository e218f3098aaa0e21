import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestOrg, TestUser, addToTeam, auth, createOrg, createUser } from '../helpers/factories';
import { CliOptions, CliServer, cliHome, ensureCliBuilt, runCli, spawnCli, startCliServer } from '../helpers/cli';
import { uniqueName } from '../helpers/names';
import { createSecret } from '../helpers/secrets';

/** Reports what the command saw: its variables, and for each file variable the file's and directory's modes. */
const PROBE = `
const fs = require('fs'), path = require('path');
const seen = {};
for (const name of (process.env.PROBE_ENV || '').split(',').filter(Boolean)) seen[name] = process.env[name];
const files = {};
for (const name of (process.env.PROBE_FILES || '').split(',').filter(Boolean)) {
  const file = process.env[name];
  files[name] = { path: file, mode: fs.statSync(file).mode & 0o777, dirMode: fs.statSync(path.dirname(file)).mode & 0o777,
    content: fs.readFileSync(file).toString('base64') };
}
process.stdout.write(JSON.stringify({ seen, files }));
process.exit(Number(process.env.PROBE_EXIT || 0));
`;

/** `strongroom run` as a child process against the real server. */
describe('strongroom run', () => {
  let srv: CliServer;
  let home: ReturnType<typeof cliHome>;
  let org: TestOrg;
  let alice: TestUser;
  const token = 'tok-3f9a-VALUE';
  const deployKey = 'PRIVATE-KEY-BYTES\n';
  let dataName: string;
  let binaryName: string;
  let credsName: string;

  beforeAll(async () => {
    await ensureCliBuilt();
    srv = await startCliServer();
    home = cliHome();
    org = await createOrg(srv.t);
    alice = await createUser(srv.t);
    await addToTeam(srv.t, org.name, 'default', alice.id);
    dataName = uniqueName('token');
    binaryName = uniqueName('binary');
    credsName = uniqueName('creds');
    const created = await Promise.all([
      createSecret(srv.t, org.name, alice.apiKey, { name: dataName, type: 'data', data: Buffer.from(token) }),
      createSecret(srv.t, org.name, alice.apiKey, { name: binaryName, type: 'data', data: Buffer.from([0, 255, 10]) }),
      createSecret(srv.t, org.name, alice.apiKey, {
        name: credsName,
        type: 'username_password',
        username: 'deployer',
        password: deployKey.trim(),
      }),
    ]);
    expect(created.map((r) => r.status)).toEqual([200, 200, 200]);
  });
  afterAll(async () => {
    await srv?.stop();
    home?.dispose();
  });

  function sr(args: string[], opts: CliOptions & { key?: string } = {}) {
    return spawnCli(args, {
      ...opts,
      env: { HOME: home.home, STRONGROOM_URL: srv.url, STRONGROOM_API_KEY: opts.key ?? alice.apiKey, ...opts.env },
    });
  }
  const ref = (name: string) => `${org.name}/${name}`;

  it('--env sets variables, --file writes 0600 files in a 0700 directory removed afterwards; exit code passes through', async () => {
    const { done } = sr(
      [
        'run',
        '--env',
        `TOKEN=${ref(dataName)}`,
        '--env',
        `DB_USER=${ref(credsName)}:username`,
        '--file',
        `TOKEN_FILE=${ref(dataName)}:value`,
        '--file',
        `BLOB=${ref(binaryName)}`,
        '--',
        process.execPath,
        '-e',
        PROBE,
      ],
      { env: { PROBE_ENV: 'TOKEN,DB_USER', PROBE_FILES: 'TOKEN_FILE,BLOB', PROBE_EXIT: '7' } },
    );
    const result = await done;
    expect(result.code).toBe(7);
    const report = JSON.parse(result.out);
    expect(report.seen).toEqual({ TOKEN: token, DB_USER: 'deployer' });
    expect(report.files.TOKEN_FILE).toMatchObject({ mode: 0o600, dirMode: 0o700 });
    expect(Buffer.from(report.files.TOKEN_FILE.content, 'base64').toString()).toBe(token);
    expect(Buffer.from(report.files.BLOB.content, 'base64')).toEqual(Buffer.from([0, 255, 10]));
    expect(path.dirname(report.files.TOKEN_FILE.path)).toBe(path.dirname(report.files.BLOB.path));
    for (const file of Object.values<{ path: string }>(report.files)) {
      expect(fs.existsSync(file.path)).toBe(false);
      expect(fs.existsSync(path.dirname(file.path))).toBe(false);
    }
    // The CLI's own output (stderr; stdout is the command's) holds no value.
    expect(result.stderr).toBe('');
  });

  it('exits with 128+n when the command dies of signal n, and 127 when the command does not exist', async () => {
    const [killed, missing, ok] = await Promise.all([
      sr(['run', '--env', `T=${ref(dataName)}`, '--', process.execPath, '-e', "process.kill(process.pid, 'SIGTERM')"])
        .done,
      sr(['run', '--env', `T=${ref(dataName)}`, '--', 'no-such-command-strongroom']).done,
      sr(['run', '--env', `T=${ref(dataName)}`, 'sh', '-c', 'test "$T" = "$1"', 'sh', token]).done,
    ]);
    expect(killed.code).toBe(128 + 15);
    expect([missing.code, missing.stderr]).toEqual([
      127,
      'strongroom: no-such-command-strongroom: command not found\n',
    ]);
    expect(ok.code).toBe(0);
  });

  it('Ctrl-C (SIGINT): the command is interrupted and the --file directory removed', async () => {
    const report = path.join(home.home, `sigint-${Date.now()}.json`);
    const waiter = `
      const fs = require('fs');
      fs.writeFileSync(${JSON.stringify(report)}, JSON.stringify({ file: process.env.KEY_FILE,
        mode: fs.statSync(process.env.KEY_FILE).mode & 0o777 }));
      setInterval(() => {}, 1000);`;
    const { child, done } = sr(['run', '--file', `KEY_FILE=${ref(dataName)}`, '--', process.execPath, '-e', waiter]);
    const seen = await waitForFile(report);
    expect(fs.existsSync(seen.file)).toBe(true);
    expect(seen.mode).toBe(0o600);
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    expect(fs.existsSync(seen.file)).toBe(false);
    expect(fs.existsSync(path.dirname(seen.file))).toBe(false);
  });

  it('refuses before running anything, naming the secret and never showing a value', async () => {
    const marker = path.join(home.home, `ran-${Date.now()}`);
    const touch = ['--', process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`];
    const [missing, binary, twice, badMapping, noField, noCommand] = await Promise.all([
      sr(['run', '--env', `A=${ref(uniqueName('missing'))}`, '--file', `B=${ref(dataName)}`, ...touch]).done,
      sr(['run', '--env', `A=${ref(binaryName)}`, ...touch]).done,
      sr(['run', '--env', `A=${ref(dataName)}`, '--file', `A=${ref(dataName)}`, ...touch]).done,
      sr(['run', '--env', `${ref(dataName)}`, ...touch]).done,
      sr(['run', '--env', `A=${ref(credsName)}`, ...touch]).done,
      sr(['run', '--env', `A=${ref(dataName)}`]).done,
    ]);
    expect([missing.code, missing.stderr]).toEqual([3, expect.stringContaining(': not found')]);
    expect([binary.code, binary.stderr]).toEqual([
      1,
      `strongroom: ${ref(binaryName)}: the value is not UTF-8 text, so it cannot be a variable: use --file\n`,
    ]);
    expect([twice.code, twice.stderr]).toEqual([2, 'strongroom: A is set twice\n']);
    expect(badMapping.code).toBe(2);
    expect([noField.code, noField.stderr]).toEqual([
      2,
      expect.stringContaining('name the field, username or password'),
    ]);
    expect([noCommand.code, noCommand.stderr]).toEqual([
      2,
      expect.stringContaining("missing required argument 'command'"),
    ]);
    expect(fs.existsSync(marker)).toBe(false);
    for (const r of [missing, binary, twice, badMapping, noField, noCommand]) {
      expect(r.out + r.stderr).not.toContain(token);
      expect(r.out + r.stderr).not.toContain('PRIVATE-KEY');
    }
  });

  it('project-scoped secrets: a key bound to the project reads them (get, run, export --project); others are told why', async () => {
    const project = uniqueName('app');
    const otherProject = uniqueName('other');
    for (const name of [project, otherProject]) {
      const res = await srv.t.http.post(`/api/v1/org/${org.name}/project`).set(auth(srv.t.adminKey)).send({ name });
      expect(res.status).toBe(200);
    }
    const boundKey = await projectKey(alice, project);
    const otherKey = await projectKey(alice, otherProject);
    const scoped = uniqueName('scoped');
    const created = await runCli(
      ['secret', 'create', ref(scoped), '--type', 'data', '--value-stdin', '--project', project],
      { input: 'scoped-value', env: { HOME: home.home, STRONGROOM_URL: srv.url, STRONGROOM_API_KEY: alice.apiKey } },
    );
    expect(created.code).toBe(0);

    const [get, runIt, exported, plainGet, plainRun, plainExport, otherGet, listed] = await Promise.all([
      sr(['secret', 'get', ref(scoped)], { key: boundKey }).done,
      sr(['run', '--env', `S=${ref(scoped)}`, '--', 'sh', '-c', 'printf %s "$S"'], { key: boundKey }).done,
      sr(['export', org.name, '--project', project, '--format', 'json'], { key: boundKey }).done,
      sr(['secret', 'get', ref(scoped)]).done,
      sr(['run', '--env', `S=${ref(scoped)}`, '--', 'true']).done,
      sr(['export', org.name, '--project', project, '--format', 'dotenv']).done,
      sr(['secret', 'get', ref(scoped)], { key: otherKey }).done,
      sr(['secret', 'list', org.name, '--filter', scoped, '--json']).done,
    ]);
    expect([get.code, get.out]).toEqual([0, 'scoped-value']);
    expect([runIt.code, runIt.out]).toEqual([0, 'scoped-value']);
    // Only the project's secrets: the org-wide ones stay out of a project export.
    expect(JSON.parse(exported.out)).toEqual({ [scoped]: 'scoped-value' });

    const advice = `use an API key made for the project, POST /api/v1/apikey {"orgName":"${org.name}","projectName":"${project}"}`;
    for (const r of [plainGet, plainRun, plainExport]) {
      expect(r.code).toBe(4);
      expect(r.stderr).toBe(
        `strongroom: ${ref(scoped)}: Project-scoped secrets can only be accessed within a running process. ` +
          `Secret: ${scoped} (it is linked to project ${project}, and this API key is bound to no project: ${advice})\n`,
      );
      expect(r.out).toBe('');
    }
    expect(otherGet.code).toBe(4);
    expect(otherGet.stderr).toContain(`linked to project ${project}, and this API key is bound to another project`);
    // Its metadata stays readable with the plain key.
    expect(JSON.parse(listed.out)[0]).toMatchObject({ name: scoped, projects: [{ name: project }] });
  });

  async function projectKey(user: TestUser, project: string): Promise<string> {
    const res = await srv.t.http
      .post('/api/v1/apikey')
      .set(auth(srv.t.adminKey))
      .send({ userId: user.id, orgName: org.name, projectName: project });
    expect(res.status).toBe(200);
    return res.body.key as string;
  }
});

async function waitForFile(file: string): Promise<{ file: string; mode: number }> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (fs.existsSync(file)) {
      const text = fs.readFileSync(file, 'utf8');
      if (text) return JSON.parse(text);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${file} never appeared`);
}
