import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { TestOrg, TestUser, addToTeam, createOrg, createUser } from '../helpers/factories';
import { CliOptions, CliServer, cliHome, ensureCliBuilt, runCli, startCliServer } from '../helpers/cli';
import { uniqueName } from '../helpers/names';

/** `strongroom secret list|get|create|delete` as a child process against the real server. */
describe('strongroom secret', () => {
  let srv: CliServer;
  let home: ReturnType<typeof cliHome>;
  let org: TestOrg;
  let alice: TestUser;

  beforeAll(async () => {
    await ensureCliBuilt();
    srv = await startCliServer({ STRONGROOM_MAX_FAILED_ATTEMPTS: '3' });
    home = cliHome();
    org = await createOrg(srv.t);
    alice = await createUser(srv.t);
    await addToTeam(srv.t, org.name, 'default', alice.id);
  });
  afterAll(async () => {
    await srv?.stop();
    home?.dispose();
  });

  /** The CLI as alice (or `key`), through STRONGROOM_URL / STRONGROOM_API_KEY. */
  function sr(args: string[], opts: CliOptions & { key?: string } = {}) {
    const env = { HOME: home.home, STRONGROOM_URL: srv.url, STRONGROOM_API_KEY: opts.key ?? alice.apiKey, ...opts.env };
    return runCli(args, { ...opts, env });
  }

  const ref = (name: string, o: TestOrg = org) => `${o.name}/${name}`;

  it('DATA: creates from stdin and from a file, lists, reads (stdout, --json, -o 0600) and deletes', async () => {
    const fromStdin = uniqueName('data');
    const fromFile = uniqueName('data');
    const value = Buffer.from('first line\nsecond line\n\u00e9\n');
    const fileValue = Buffer.from([0, 1, 2, 254, 255, 10]);
    const valueFile = path.join(home.home, 'value.bin');
    fs.writeFileSync(valueFile, fileValue);

    const created = await Promise.all([
      sr(['secret', 'create', ref(fromStdin), '--type', 'data', '--value-stdin'], { input: value }),
      sr(['secret', 'create', ref(fromFile), '--type', 'DATA', '--value-file', valueFile, '--json']),
    ]);
    expect(created.map((r) => r.code)).toEqual([0, 0]);
    expect(created[0].stderr).toContain(`Created ${ref(fromStdin)}`);
    expect(JSON.parse(created[1].out)).toMatchObject({ org: org.name, name: fromFile, result: 'CREATED' });

    const [list, filtered, table, got, gotBinary, gotJson] = await Promise.all([
      sr(['secret', 'list', org.name, '--json']),
      sr(['secret', 'list', org.name, '--filter', fromFile, '--json']),
      sr(['secret', 'list', org.name]),
      sr(['secret', 'get', ref(fromStdin)]),
      sr(['secret', 'get', ref(fromFile)]),
      sr(['secret', 'get', ref(fromStdin), '--json']),
    ]);
    const listed = JSON.parse(list.out).map((e: { name: string; type: string }) => [e.name, e.type]);
    expect(listed).toEqual(
      expect.arrayContaining([
        [fromStdin, 'DATA'],
        [fromFile, 'DATA'],
      ]),
    );
    expect(JSON.parse(filtered.out).map((e: { name: string }) => e.name)).toEqual([fromFile]);
    expect(table.out).toMatch(/^NAME +TYPE +VISIBILITY +ENCRYPTED WITH +PROJECTS\n/);
    expect(table.out).toMatch(new RegExp(`${fromFile} +DATA +PUBLIC +server key +-`));
    expect(got.stdout.equals(value)).toBe(true);
    expect(gotBinary.stdout.equals(fileValue)).toBe(true);
    expect(JSON.parse(gotJson.out)).toEqual({ org: org.name, name: fromStdin, type: 'DATA', value: value.toString() });
    for (const r of [...created, list, table]) expect(r.out + r.stderr).not.toContain('second line');

    // -o replaces an existing, looser file with a new one of mode 0600.
    const out = path.join(home.home, 'out.bin');
    fs.writeFileSync(out, 'old', { mode: 0o644 });
    const written = await sr(['secret', 'get', ref(fromFile), '-o', out]);
    expect(written.code).toBe(0);
    expect(written.out).toBe('');
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(out).equals(fileValue)).toBe(true);

    const deleted = await sr(['secret', 'delete', ref(fromStdin)]);
    expect([deleted.code, deleted.stderr]).toEqual([0, `Deleted ${ref(fromStdin)}\n`]);
    const gone = await sr(['secret', 'get', ref(fromStdin)]);
    expect([gone.code, gone.stderr]).toEqual([3, `strongroom: ${ref(fromStdin)}: not found\n`]);
  });

  it('USERNAME_PASSWORD: --username with --password-stdin; each field by name, both with --json', async () => {
    const name = uniqueName('creds');
    const created = await sr(
      ['secret', 'create', ref(name), '--type', 'username_password', '--username', 'bob', '--password-stdin'],
      { input: 'pä ss wörd\n' },
    );
    expect(created.code).toBe(0);
    const [user, pass, json, none, wrong] = await Promise.all([
      sr(['secret', 'get', ref(name), '--field', 'username']),
      sr(['secret', 'get', ref(name), '--field', 'password']),
      sr(['secret', 'get', ref(name), '--json']),
      sr(['secret', 'get', ref(name)]),
      sr(['secret', 'get', ref(name), '--field', 'private']),
    ]);
    expect(user.out).toBe('bob');
    expect(pass.out).toBe('pä ss wörd');
    expect(JSON.parse(json.out)).toEqual({
      org: org.name,
      name,
      type: 'USERNAME_PASSWORD',
      username: 'bob',
      password: 'pä ss wörd',
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('is a USERNAME_PASSWORD secret: name the field, username or password');
    const deleted = await sr(['secret', 'delete', ref(name), '--json']);
    expect(JSON.parse(deleted.out)).toEqual({ org: org.name, name, result: 'DELETED' });
    expect(wrong.code).toBe(2);
    expect(none.stderr + wrong.stderr).not.toContain('wörd');
  });

  it('KEY_PAIR: uploaded files, and --generate (RSA and Ed25519) whose private key ssh-keygen -y accepts', async () => {
    const uploaded = uniqueName('upload');
    const rsa = uniqueName('rsa');
    const ed = uniqueName('ed');
    const keyFile = path.join(home.home, 'upload_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'cli-test', '-f', keyFile]);

    const [up, genRsa, genEd] = await Promise.all([
      sr([
        'secret',
        'create',
        ref(uploaded),
        '--type',
        'key_pair',
        '--public-key-file',
        `${keyFile}.pub`,
        '--private-key-file',
        keyFile,
      ]),
      sr(['secret', 'create', ref(rsa), '--type', 'key_pair', '--generate']),
      sr(['secret', 'create', ref(ed), '--type', 'key_pair', '--generate', '--key-algorithm', 'ed25519', '--json']),
    ]);
    expect([up.code, up.out]).toEqual([0, '']);
    expect(genRsa.code).toBe(0);
    expect(genRsa.out).toMatch(/^ssh-rsa AAAA\S+ concord-server\n$/);
    const edPublic = JSON.parse(genEd.out).publicKey as string;
    expect(edPublic).toMatch(/^ssh-ed25519 AAAA\S+ concord-server\n$/);

    const rsaKey = path.join(home.home, 'rsa_key');
    const edKey = path.join(home.home, 'ed_key');
    const [rsaGet, edGet, upPrivate, upPublic] = await Promise.all([
      sr(['secret', 'get', ref(rsa), '-o', rsaKey]),
      sr(['secret', 'get', ref(ed), '--field', 'private', '-o', edKey]),
      sr(['secret', 'get', ref(uploaded), '--field', 'private']),
      sr(['secret', 'get', ref(uploaded), '--field', 'public']),
    ]);
    expect([rsaGet.code, edGet.code]).toEqual([0, 0]);
    for (const [file, publicKey] of [
      [rsaKey, genRsa.out],
      [edKey, edPublic],
    ]) {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const derived = execFileSync('ssh-keygen', ['-y', '-f', file]).toString().trim();
      expect(publicKey.startsWith(derived)).toBe(true);
    }
    expect(upPrivate.stdout.equals(fs.readFileSync(keyFile))).toBe(true);
    expect(upPublic.out).toBe(fs.readFileSync(`${keyFile}.pub`, 'utf8'));
    const deleted = await Promise.all([rsa, ed, uploaded].map((n) => sr(['secret', 'delete', ref(n)])));
    expect(deleted.map((r) => r.code)).toEqual([0, 0, 0]);
    const after = await sr(['secret', 'list', org.name, '--json']);
    const left = JSON.parse(after.out).map((e: { name: string }) => e.name);
    for (const n of [rsa, ed, uploaded]) expect(left).not.toContain(n);
    expect(genRsa.out + genRsa.stderr + rsaGet.out + rsaGet.stderr).not.toContain('PRIVATE KEY');

    const [neither, mixed, wrongType] = await Promise.all([
      sr(['secret', 'create', ref(uniqueName('kp')), '--type', 'key_pair']),
      sr([
        'secret',
        'create',
        ref(uniqueName('kp')),
        '--type',
        'key_pair',
        '--generate',
        '--private-key-file',
        keyFile,
      ]),
      sr(['secret', 'create', ref(uniqueName('kp')), '--type', 'key_pair', '--value-stdin']),
    ]);
    expect([neither.code, mixed.code, wrongType.code]).toEqual([2, 2, 2]);
    expect(wrongType.stderr).toBe('strongroom: --value-stdin is for --type data, not key_pair\n');
  });

  it('a password-protected secret: store password first on stdin, generated passwords, wrong ones, lockout (5)', async () => {
    const name = uniqueName('locked');
    const storePassword = 'Xq7Zk9Wm2';
    const created = await sr(
      ['secret', 'create', ref(name), '--type', 'data', '--value-stdin', '--store-password-stdin'],
      { input: `${storePassword}\nthe locked value` },
    );
    expect(created.code).toBe(0);
    expect(created.out + created.stderr).not.toContain(storePassword);

    const [withPassword, without, listed] = await Promise.all([
      sr(['secret', 'get', ref(name), '--store-password-stdin'], { input: `${storePassword}\n` }),
      sr(['secret', 'get', ref(name)]),
      sr(['secret', 'list', org.name, '--filter', name]),
    ]);
    expect(withPassword.out).toBe('the locked value');
    expect(without.code).toBe(1);
    expect(without.stderr).toBe(
      `strongroom: ${ref(name)}: Error while fetching a secret '${name}': The secret '${name}' requires a password to decrypt\n`,
    );
    expect(listed.out).toContain('store password');

    const generated = uniqueName('genpw');
    const made = await sr(
      ['secret', 'create', ref(generated), '--type', 'data', '--value-stdin', '--generate-password'],
      {
        input: 'generated-protected',
      },
    );
    const password = made.out.trim();
    expect(password).toHaveLength(12);
    const opened = await sr(['secret', 'get', ref(generated), '--store-password-stdin'], { input: `${password}\n` });
    expect(opened.out).toBe('generated-protected');

    // Wrong passwords are refused (1) until the server's limit (3 here) locks the secret; then even the
    // right one is refused: exit 5.
    const codes: (number | null)[] = [];
    for (let i = 0; i < 4 && codes.at(-1) !== 5; i++) {
      const wrong = await sr(['secret', 'get', ref(name), '--store-password-stdin'], { input: 'Wr0ngPassw0rd\n' });
      codes.push(wrong.code);
      if (wrong.code === 1) expect(wrong.stderr).toContain('Invalid input data and/or a password');
    }
    expect(codes.filter((c) => c === 1).length).toBeGreaterThanOrEqual(2);
    const locked = await sr(['secret', 'get', ref(name), '--store-password-stdin'], { input: `${storePassword}\n` });
    expect(locked.code).toBe(5);
    expect(locked.stderr).toMatch(/^strongroom: .*: Too many wrong store passwords; try again in \d+ seconds\n$/);
  });

  it('exit codes: 3 not found, 4 denied, 2 usage, 1 for other refusals, with the server message on one line', async () => {
    const outsider = await createUser(srv.t);
    const closedPort = await freePort();
    const privateName = uniqueName('private');
    await sr(['secret', 'create', ref(privateName), '--type', 'data', '--value-stdin', '--visibility', 'private'], {
      input: 'private-value',
    });
    const results = await Promise.all([
      sr(['secret', 'get', ref(uniqueName('missing'))]),
      sr(['secret', 'get', `${uniqueName('noorg')}/whatever`]),
      sr(['secret', 'get', ref(privateName)], { key: outsider.apiKey }),
      sr(['secret', 'list', org.name, '--json'], { key: outsider.apiKey }),
      sr(['secret', 'get', ref(privateName)], { key: 'bm90LWEta2V5LWF0LWFsbA' }),
      sr(['secret', 'create', ref(privateName), '--type', 'data', '--value-stdin'], { input: 'again' }),
      sr(['secret', 'get', 'no-slash']),
      sr(['secret', 'get', ref(privateName), '--bogus']),
      sr(['secret', 'create', ref(uniqueName('x'))]),
      sr(['secret', 'get', ref(privateName)], { env: { STRONGROOM_URL: `http://127.0.0.1:${closedPort}` } }),
    ]);
    const [missing, noOrg, denied, outsiderList, badKey, duplicate, badRef, badFlag, noType, unreachable] = results;
    expect(missing.code).toBe(3);
    expect([noOrg.code, noOrg.stderr]).toEqual([3, expect.stringContaining(': Organization not found: ')]);
    expect(denied.code).toBe(4);
    expect(denied.stderr).toBe(
      `strongroom: ${ref(privateName)}: The current user doesn't have the necessary access level (READER) to the secret: ${privateName}\n`,
    );
    // Another org's PRIVATE secret is not even listed for an outsider.
    expect(JSON.parse(outsiderList.out).map((e: { name: string }) => e.name)).not.toContain(privateName);
    expect([badKey.code, badKey.stderr]).toEqual([4, expect.stringContaining('not authenticated')]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toBe(`strongroom: ${ref(privateName)}: Secret already exists: ${privateName}\n`);
    expect([badRef.code, badRef.stderr]).toEqual([2, "strongroom: 'no-slash' is not ORG/NAME\n"]);
    expect([badFlag.code, badFlag.stderr]).toEqual([2, expect.stringContaining("unknown option '--bogus'")]);
    expect([noType.code, noType.stderr]).toEqual([2, expect.stringContaining("required option '--type <type>'")]);
    expect([unreachable.code, unreachable.stderr]).toEqual([
      1,
      `strongroom: cannot reach the server at http://127.0.0.1:${closedPort}: ECONNREFUSED\n`,
    ]);
    for (const r of results) expect(r.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2);
    for (const r of results) expect(r.out + r.stderr).not.toContain('private-value');
  });
});

/** A port nothing listens on: bound, then released. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
