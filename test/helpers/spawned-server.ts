import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt } from './server-process';
import { TEST_ADMIN_KEY, TEST_SERVER_KEYS, testDatabaseUrl } from './test-app';

/** A real server process (`dist/src/main.js` with `npm start`'s flags) on the run's PostgreSQL. */
export interface SpawnedServer {
  url: string;
  pid: number;
  /** Every stdout and stderr line so far (JSON log lines, and anything else the process printed). */
  output: string[];
  /** The process's resident set now, MiB. */
  rssMiB(): number;
  exited(): boolean;
  stop(): Promise<void>;
}

const MAIN = path.join(__dirname, '..', '..', 'dist', 'src', 'main.js');

export async function spawnServer(env: Record<string, string> = {}, startTimeoutMs = 60_000): Promise<SpawnedServer> {
  ensureBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-spawned-'));
  const child: ChildProcess = spawn(process.execPath, ['--max-semi-space-size=8', '--max-old-space-size=512', MAIN], {
    env: {
      ...process.env,
      MALLOC_ARENA_MAX: '1',
      DATABASE_URL: testDatabaseUrl(),
      PORT: '0',
      STRONGROOM_HOST: '127.0.0.1',
      STRONGROOM_DATA_DIR: dataDir,
      STRONGROOM_SERVER_KEYS: TEST_SERVER_KEYS,
      STRONGROOM_ADMIN_API_KEY: TEST_ADMIN_KEY,
      STRONGROOM_KEY_POOL_SIZE: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (stream: NodeJS.ReadableStream | null) => {
    let partial = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      output.push(...lines);
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output.join('\n')}`)), startTimeoutMs);
    const poll = setInterval(() => {
      const line = output.find((l) => l.includes('Strongroom listening on http'));
      if (line) finish(() => resolve(Number(/listening on https?:\/\/[^:]+:(\d+)/.exec(line)![1])));
      else if (child.exitCode !== null) finish(() => reject(new Error(`server exited:\n${output.join('\n')}`)));
    }, 50);
    const finish = (then: () => void) => {
      clearTimeout(timer);
      clearInterval(poll);
      then();
    };
  });
  const status = (field: string) => {
    const text = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)![1]) / 1024;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output,
    rssMiB: () => status('VmRSS'),
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
