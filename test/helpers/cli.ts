import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { setLogSink } from '../../src/common/json-logger';
import { RunningServer, startServer } from '../../src/startup/server';
import { TEST_ADMIN_KEY, TestApp, testConfig, testDatabaseUrl } from './test-app';

/**
 * The `strongroom` CLI as users run it: the committed launcher (bin/strongroom.js) spawned as a
 * child process, against the real server listening on a port. The CLI is compiled once per test
 * run, by whichever test file asks first; the others wait for that build.
 */
export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'bin', 'strongroom.js');

const BUILD_DIR = path.join(ROOT, 'dist-cli');
const BUILD_TIMEOUT_MS = 180_000;

export async function ensureCliBuilt(): Promise<void> {
  // The run's own database URL is unique to the run: its hash names this run's build marker.
  const run = createHash('sha256').update(testDatabaseUrl()).digest('hex').slice(0, 16);
  const marker = path.join(BUILD_DIR, `.test-build-${run}`);
  fs.mkdirSync(BUILD_DIR, { recursive: true });
  try {
    fs.mkdirSync(marker);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return waitForBuild(marker);
  }
  for (const old of fs.readdirSync(BUILD_DIR).filter((f) => f.startsWith('.test-build-'))) {
    if (path.join(BUILD_DIR, old) !== marker) fs.rmSync(path.join(BUILD_DIR, old), { recursive: true, force: true });
  }
  // `npm run build:cli` with the type check left to `npm run check`: the emitted JavaScript is the same.
  const tsc = require.resolve('typescript/bin/tsc');
  const outcome = await new Promise<string | undefined>((resolve) => {
    execFile(process.execPath, [tsc, '-p', 'tsconfig.cli.json', '--noCheck'], { cwd: ROOT }, (error, stdout, stderr) =>
      resolve(error ? `${stdout}${stderr}` || error.message : undefined),
    );
  });
  fs.writeFileSync(path.join(marker, outcome === undefined ? 'done' : 'failed'), outcome ?? '');
  if (outcome !== undefined) throw new Error(`building the CLI failed:\n${outcome}`);
}

async function waitForBuild(marker: string): Promise<void> {
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (fs.existsSync(path.join(marker, 'done'))) return;
    const failed = path.join(marker, 'failed');
    if (fs.existsSync(failed)) throw new Error(`building the CLI failed:\n${fs.readFileSync(failed, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out waiting for another test file to build the CLI');
}

export interface CliServer {
  /** The real server, listening on 127.0.0.1, as a TestApp for the factories. */
  t: TestApp;
  url: string;
  logs: string[];
  stop(): Promise<void>;
}

/** The real server (startServer, as `npm start` runs it) on the run's PostgreSQL, on a free port. */
export async function startCliServer(env: Record<string, string> = {}): Promise<CliServer> {
  const logs: string[] = [];
  const previousSink = setLogSink((line) => logs.push(line));
  const config = testConfig({
    PORT: '0',
    STRONGROOM_HOST: '127.0.0.1',
    DATABASE_URL: testDatabaseUrl(),
    // The CLI's tests need working keys, not costly ones.
    STRONGROOM_RSA_BITS: '2048',
    STRONGROOM_ARGON2_MEMORY_KIB: '1024',
    STRONGROOM_ARGON2_ITERATIONS: '1',
    ...env,
  });
  const server: RunningServer = await startServer(config);
  const stop = async () => {
    await server.stop();
    fs.rmSync(config.dataDir, { recursive: true, force: true });
    setLogSink(previousSink);
  };
  const t: TestApp = {
    app: server.app,
    http: request(server.url),
    config,
    adminKey: TEST_ADMIN_KEY,
    logs,
    close: stop,
  };
  return { t, url: server.url, logs, stop };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  /** stdout as UTF-8 */
  out: string;
  stderr: string;
}

export interface CliOptions {
  /** Added to (or, with undefined, removed from) the base environment. */
  env?: Record<string, string | undefined>;
  input?: string | Buffer;
  cwd?: string;
}

/** A private HOME and config dir per test file, so no profile of the machine's user is ever read. */
export function cliHome(): { home: string; config: string; dispose(): void } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-cli-home-'));
  return {
    home,
    config: path.join(home, 'xdg'),
    dispose: () => fs.rmSync(home, { recursive: true, force: true }),
  };
}

export function spawnCli(args: string[], opts: CliOptions = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };
  for (const [name, value] of Object.entries(opts.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const child = spawn(CLI, args, { cwd: opts.cwd ?? ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on('data', (c: Buffer) => stdout.push(c));
  child.stderr?.on('data', (c: Buffer) => stderr.push(c));
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(opts.input ?? '');
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const out = Buffer.concat(stdout);
      resolve({ code, signal, stdout: out, out: out.toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
  return { child, done };
}

export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return spawnCli(args, opts).done;
}
