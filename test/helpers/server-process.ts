import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Builds dist/ when it is missing or older than the sources (the script `npm start` runs); once per run. */
export function ensureBuilt(): void {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-if-stale.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 9 * 60 * 1000,
  });
  if (build.status !== 0) throw new Error(`the build failed (exit ${build.status ?? build.signal})`);
}

/** A directory others may enter (mkdtemp makes 0700 ones, which PostgreSQL run as `postgres` cannot). */
export function openTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** The environment a spawned server gets: nothing from the test run's own (no DATABASE_URL by accident). */
export function serverEnv(env: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    PORT: '0',
    STRONGROOM_HOST: '127.0.0.1',
    STRONGROOM_KEY_POOL_SIZE: '0',
    ...env,
  };
}

/** `node dist/src/main.js` as an operator runs it, with its output kept for the test to read. */
export class ServerProcess {
  readonly child: ChildProcess;
  private out = '';
  private err = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'main.js')], {
      cwd: ROOT,
      env: serverEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.out += chunk.toString('utf8')));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.err += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }

  /** The JSON log lines written so far. */
  logLines(): Record<string, unknown>[] {
    return this.out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** Resolves with the server's base URL once it listens; rejects with its output if it exits first. */
  async listening(timeoutMs = 90_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const m = /"Strongroom listening on (https?):\/\/[^:]+:(\d+)"/.exec(this.out);
      if (m) return `${m[1]}://127.0.0.1:${m[2]}`;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`the server exited before listening:\n${this.out}\n${this.err}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the server did not listen within ${timeoutMs} ms:\n${this.out}\n${this.err}`);
  }

  /** The exit code and signal, waiting at most `timeoutMs`. */
  async exit(timeoutMs = 60_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no exit within ${timeoutMs} ms:\n${this.out}\n${this.err}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops this process (it only), politely first. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    try {
      await this.exit(30_000);
    } catch {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

/** A port nothing listens on (yet). */
export async function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}
