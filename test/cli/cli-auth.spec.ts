import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { TestUser, createUser } from '../helpers/factories';
import { CLI, CliServer, ROOT, cliHome, ensureCliBuilt, runCli, startCliServer } from '../helpers/cli';

/** `strongroom login|logout|whoami|profile list`, connection settings and `--profile`. */
describe('strongroom login, whoami and profiles', () => {
  let srv: CliServer;
  let bob: TestUser;
  let carol: TestUser;

  beforeAll(async () => {
    await ensureCliBuilt();
    srv = await startCliServer();
    [bob, carol] = await Promise.all([createUser(srv.t), createUser(srv.t)]);
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('login checks the key and saves a 0600 profile under XDG_CONFIG_HOME; whoami and --profile use it', async () => {
    const home = cliHome();
    try {
      const env = { HOME: home.home, XDG_CONFIG_HOME: home.config };
      const file = path.join(home.config, 'strongroom', 'config.json');
      const [login, second] = await Promise.all([
        runCli(['login', '--url', srv.url, '--api-key-stdin'], { env, input: `${bob.apiKey}\n` }),
        runCli(['login', '--url', `${srv.url}/`, '--api-key-stdin', '--profile', 'ci'], {
          env: { ...env, XDG_CONFIG_HOME: `${home.config}-2` },
          input: carol.apiKey,
        }),
      ]);
      expect(login.code).toBe(0);
      expect(login.stderr).toBe(`Logged in to ${srv.url} as ${bob.username}; saved as profile 'default' in ${file}\n`);
      expect(second.code).toBe(0);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
      // Second profile in the same file: --profile after the command, saved beside the first.
      const third = await runCli(['login', '--url', srv.url, '--api-key-stdin', '--profile', 'ci'], {
        env,
        input: carol.apiKey,
      });
      expect(third.code).toBe(0);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);

      const [who, whoCi, whoCiFirst, list, envWins, flagWins] = await Promise.all([
        runCli(['whoami', '--json'], { env }),
        runCli(['whoami', '--profile', 'ci'], { env }),
        runCli(['--profile', 'ci', 'whoami', '--json'], { env }),
        runCli(['profile', 'list', '--json'], { env }),
        runCli(['whoami', '--json'], { env: { ...env, STRONGROOM_URL: srv.url, STRONGROOM_API_KEY: carol.apiKey } }),
        runCli(['whoami', '--json', '--profile', 'default'], {
          env: { ...env, STRONGROOM_URL: srv.url, STRONGROOM_API_KEY: carol.apiKey },
        }),
      ]);
      expect(JSON.parse(who.out)).toMatchObject({
        url: srv.url,
        username: bob.username,
        realm: 'apikey',
        orgs: ['Default'],
        source: `profile 'default' (${file})`,
      });
      expect(whoCi.out).toContain(`${carol.username} (apikey) on ${srv.url}`);
      expect(JSON.parse(whoCiFirst.out).username).toBe(carol.username);
      expect(JSON.parse(list.out)).toEqual([
        { name: 'default', url: srv.url },
        { name: 'ci', url: srv.url },
      ]);
      expect(JSON.parse(envWins.out)).toMatchObject({
        username: carol.username,
        source: 'STRONGROOM_URL and STRONGROOM_API_KEY',
      });
      expect(JSON.parse(flagWins.out).username).toBe(bob.username);
      for (const r of [login, second, third, who, whoCi, whoCiFirst, list, envWins, flagWins]) {
        expect(r.out + r.stderr).not.toContain(bob.apiKey);
        expect(r.out + r.stderr).not.toContain(carol.apiKey);
      }

      const logout = await runCli(['logout', '--profile', 'ci'], { env });
      expect(logout.code).toBe(0);
      const after = await runCli(['whoami', '--profile', 'ci'], { env });
      expect([after.code, after.stderr]).toEqual([
        2,
        `strongroom: no profile 'ci' in ${file}: run \`strongroom login --url URL --profile ci\`\n`,
      ]);
    } finally {
      home.dispose();
    }
  });

  it('without XDG_CONFIG_HOME the profile goes to ~/.config; a refused key saves nothing; a shared file is flagged', async () => {
    const home = cliHome();
    try {
      const env = { HOME: home.home };
      const file = path.join(home.home, '.config', 'strongroom', 'config.json');
      const [refused, none] = await Promise.all([
        runCli(['login', '--url', srv.url, '--api-key-stdin'], { env, input: 'bm90LWEta2V5LWF0LWFsbA\n' }),
        runCli(['secret', 'list', 'Default'], { env }),
      ]);
      expect([refused.code, refused.stderr]).toEqual([
        4,
        `strongroom: ${srv.url}: not authenticated: the server refused the API key\n`,
      ]);
      expect(fs.existsSync(file)).toBe(false);
      expect([none.code, none.stderr]).toEqual([
        2,
        'strongroom: no server configured: set STRONGROOM_URL and STRONGROOM_API_KEY, or run `strongroom login --url URL`\n',
      ]);

      const login = await runCli(['login', '--url', srv.url, '--api-key-stdin'], { env, input: bob.apiKey });
      expect(login.code).toBe(0);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      fs.chmodSync(file, 0o644);
      const who = await runCli(['whoami'], { env });
      expect(who.code).toBe(0);
      expect(who.stderr).toBe(
        `strongroom: warning: ${file} is readable by other users (mode 644): run chmod 600 ${file}\n`,
      );
      const [noTerminal, badUrl] = await Promise.all([
        runCli(['login', '--url', srv.url], { env }),
        runCli(['login', '--url', 'ftp://example.com', '--api-key-stdin'], { env, input: bob.apiKey }),
      ]);
      expect([noTerminal.code, noTerminal.stderr]).toEqual([
        2,
        'strongroom: no terminal to ask on: pipe the API key with --api-key-stdin\n',
      ]);
      expect([badUrl.code, badUrl.stderr]).toEqual([
        2,
        "strongroom: 'ftp://example.com' is not an http or https URL\n",
      ]);
    } finally {
      home.dispose();
    }
  });

  it('login asks for the key on a terminal without echoing it', async () => {
    const home = cliHome();
    try {
      // util-linux `script` gives the CLI a pseudo-terminal; what it echoes comes back on stdout.
      const command = `XDG_CONFIG_HOME=${home.config} ${CLI} login --url ${srv.url} --profile tty`;
      const child = spawn('script', ['-qec', command, '/dev/null'], {
        env: { PATH: process.env.PATH, HOME: home.home },
        stdio: ['pipe', 'pipe', 'ignore'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
      const deadline = Date.now() + 30_000;
      while (!out.includes('API key for') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      child.stdin.write(`${bob.apiKey}x\x7f\r`);
      const code = await exited;
      child.stdin.end();
      expect(code).toBe(0);
      expect(out).toContain(`Logged in to ${srv.url} as ${bob.username}; saved as profile 'tty'`);
      expect(out).not.toContain(bob.apiKey);
      const saved = JSON.parse(fs.readFileSync(path.join(home.config, 'strongroom', 'config.json'), 'utf8'));
      expect(saved.profiles.tty.apiKey).toBe(bob.apiKey);
    } finally {
      home.dispose();
    }
  });

  it('`npx strongroom --help` runs the package bin; --version and help exit 0; a missing command is a usage error', async () => {
    const home = cliHome();
    try {
      // Offline and never installing: the command must come from this package's own `bin`.
      const env = {
        HOME: home.home,
        PATH: process.env.PATH ?? '',
        npm_config_cache: path.join(home.home, 'npm'),
        npm_config_yes: 'false',
        npm_config_offline: 'true',
        npm_config_update_notifier: 'false',
      };
      const npx = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
        const child = spawn('npx', ['strongroom', '--help'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'ignore'] });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.once('error', reject);
        child.once('close', (code) => resolve({ code, out }));
      });
      expect(npx.code).toBe(0);
      expect(npx.out).toMatch(/^Usage: strongroom \[options\] \[command\]/);
      for (const command of ['login', 'whoami', 'secret', 'run', 'export', 'import', 'metronome']) {
        expect(npx.out).toContain(`\n  ${command} `);
      }
      expect(npx.out).toContain('Exit codes: 0 ok, 2 usage, 3 not found, 4 denied, 5 locked or rate-limited');
      const packageVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
      const [version, bare, helpRun, noSubcommand] = await Promise.all([
        runCli(['--version']),
        runCli([]),
        runCli(['help', 'run']),
        runCli(['secret']),
      ]);
      expect([version.code, version.out]).toEqual([0, `${packageVersion}\n`]);
      expect([helpRun.code, helpRun.out]).toEqual([0, expect.stringContaining('Usage: strongroom run [options] --')]);
      expect([bare.code, noSubcommand.code]).toEqual([2, 2]);
    } finally {
      home.dispose();
    }
  });
});
