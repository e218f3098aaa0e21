import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StartupError } from '../common/startup-error';
import type { RunAs } from './postgres-user';

/** The last lines a child printed, kept to explain its failure. */
class Tail {
  private readonly lines: string[] = [];
  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    for (const raw of chunk.toString('utf8').split('\n')) {
      const line = raw.trimEnd();
      if (!line) continue;
      this.onLine(line);
      this.lines.push(line);
      if (this.lines.length > 20) this.lines.shift();
    }
  }

  text(): string {
    return this.lines.length > 0 ? this.lines.join(' | ') : '(it printed nothing)';
  }

  has(pattern: RegExp): boolean {
    return this.lines.some((line) => pattern.test(line));
  }
}

// Messages in English whatever the machine's locale: start-up waits for one of them.
const CHILD_ENV = { LC_MESSAGES: 'C', LC_ALL: 'C.UTF-8' };

function spawnAs(file: string, args: string[], runAs: RunAs | undefined, detached: boolean): ChildProcess {
  return spawn(file, args, {
    env: CHILD_ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
  });
}

/**
 * Creates the cluster with initdb. Its superuser password goes through a file in a private temp dir
 * (0700, readable only by the user PostgreSQL runs as) that is removed whatever happens; initdb's own
 * messages explain a failure.
 */
export async function runInitdb(
  initdb: string,
  clusterDir: string,
  password: string,
  runAs: RunAs | undefined,
  onLine: (line: string) => void,
): Promise<void> {
  const privateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-initdb-'));
  try {
    const passwordFile = path.join(privateDir, 'password');
    fs.writeFileSync(passwordFile, password + '\n', { mode: 0o600 });
    if (runAs) {
      fs.chownSync(privateDir, runAs.uid, runAs.gid);
      fs.chownSync(passwordFile, runAs.uid, runAs.gid);
      fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
      fs.chownSync(clusterDir, runAs.uid, runAs.gid);
    }
    const args = [
      `--pgdata=${clusterDir}`,
      '--auth=password',
      '--username=postgres',
      `--pwfile=${passwordFile}`,
      '--lc-messages=C',
      '--locale=C.UTF-8',
      '--encoding=UTF8',
    ];
    const tail = new Tail(onLine);
    const child = spawnAs(initdb, args, runAs, false);
    child.stdout?.on('data', (chunk: Buffer) => tail.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk));
    const outcome = await new Promise<{ code: number | null; signal: string | null; error?: Error }>((resolve) => {
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    if (outcome.code === 0) return;
    const how = outcome.error
      ? `could not run ${initdb}: ${outcome.error.message}`
      : `initdb exited with ${outcome.signal ? `signal ${outcome.signal}` : `code ${outcome.code}`}`;
    throw new StartupError(
      `embedded PostgreSQL: creating the cluster under ${clusterDir} failed (${how}). initdb said: ${tail.text()}`,
    );
  } finally {
    fs.rmSync(privateDir, { recursive: true, force: true });
  }
}

export interface PostgresServer {
  child: ChildProcess;
  /** Fast shutdown (SIGINT), bounded; resolves once the server has exited. */
  stop(): Promise<void>;
}

/** Why PostgreSQL may refuse to start, with what to do about it. */
function hintFor(tail: Tail, clusterDir: string): string {
  if (tail.has(/lock file "postmaster\.pid" already exists/)) {
    return ' Another PostgreSQL runs on this cluster: stop it (the pid is in the message above) and start again.';
  }
  if (tail.has(/database files are incompatible with server/)) {
    return (
      ' The cluster was created by another major version of PostgreSQL than the one this install ships: ' +
      'dump it with that version and restore it into a new data dir.'
    );
  }
  if (tail.has(/has invalid permissions|Permission denied|could not change directory/)) {
    return ` Check the ownership and permissions of ${clusterDir} (PostgreSQL wants it 0700, owned by the user it runs as).`;
  }
  return '';
}

/**
 * Starts `postgres` on the cluster and resolves once it accepts connections. It runs in a process
 * group of its own, so a terminal's Ctrl-C reaches only Strongroom, which stops PostgreSQL itself
 * after the requests in flight are answered.
 */
export async function startPostgres(
  postgres: string,
  clusterDir: string,
  port: number,
  runAs: RunAs | undefined,
  onLine: (line: string) => void,
  timeoutMs = 120_000,
): Promise<PostgresServer> {
  const args = ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  const tail = new Tail(onLine);
  const child = spawnAs(postgres, args, runAs, true);
  child.stdout?.on('data', (chunk: Buffer) => tail.push(chunk));
  let ready = false;
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const fail = (how: string) => {
      clearTimeout(timer);
      reject(
        new StartupError(
          `embedded PostgreSQL: the server on ${clusterDir} ${how}. PostgreSQL said: ${tail.text()}.${hintFor(tail, clusterDir)}`,
        ),
      );
    };
    const timer = setTimeout(() => {
      child.kill('SIGQUIT');
      fail(`did not accept connections within ${Math.round(timeoutMs / 1000)} s`);
    }, timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      tail.push(chunk);
      if (!ready && tail.has(/database system is ready to accept connections/)) {
        ready = true;
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('error', (error) => fail(`could not be started (${postgres}: ${error.message})`));
    child.once('close', (code, signal) => {
      if (!ready) fail(`exited during start-up with ${signal ? `signal ${signal}` : `code ${code}`}`);
    });
  });
  return {
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      const stopped = await Promise.race([exited.then(() => true), delay(30_000).then(() => false)]);
      if (!stopped) {
        child.kill('SIGQUIT');
        await exited;
      }
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
