import { ChildProcess, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Child processes of the bench. When the harness runs compiled (npm run bench) the children are the
 * compiled siblings; when it runs from TypeScript (the jest smoke test) they run through ts-node, so
 * the smoke test needs no build.
 */
export function childScript(name: string): { file: string; execArgv: string[] } {
  const compiled = __filename.endsWith('.js');
  const file = path.join(__dirname, `${name}${compiled ? '.js' : '.ts'}`);
  return { file, execArgv: compiled ? [] : ['-r', 'ts-node/register/transpile-only'] };
}

export interface ForkOptions {
  env?: Record<string, string>;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeFlags?: string[];
  /** stdout and stderr go here (appended); ignored when unset. */
  logFile?: string;
}

export function forkChild(name: string, args: string[], options: ForkOptions = {}): ChildProcess {
  const { file, execArgv } = childScript(name);
  const out = options.logFile ? fs.openSync(options.logFile, 'a') : 'ignore';
  const child = fork(file, args, {
    execArgv: [...(options.nodeFlags ?? []), ...execArgv],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', out, out, 'ipc'],
  });
  if (typeof out === 'number') fs.closeSync(out);
  return child;
}

/** Waits for the first IPC message of `type` from the child; fails on exit or timeout. */
export function waitForMessage<T>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`timed out after ${timeoutMs} ms waiting for '${type}'`)),
      timeoutMs,
    );
    const onMessage = (message: unknown) => {
      const m = message as { type?: string; error?: string };
      if (m.type === type) finish(undefined, message as T);
      else if (m.type === 'error') finish(new Error(m.error ?? 'child failed'));
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish(new Error(`child exited (code ${code}, signal ${signal}) before '${type}'`));
    function finish(error: Error | undefined, value?: T): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value as T);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Sends a request and waits for the reply of the same type. */
export async function ask<T>(child: ChildProcess, type: string, timeoutMs = 10000, payload: object = {}): Promise<T> {
  const reply = waitForMessage<T>(child, type, timeoutMs);
  child.send({ type, ...payload });
  return reply;
}

/** Asks the child to stop, then kills it (this child only) if it does not exit in time. */
export async function stopChild(child: ChildProcess, timeoutMs = 20000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send({ type: 'stop' });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** Runs a one-shot child: sends the job, waits for its `result` message, lets it exit. */
export async function runJob<T>(name: string, job: object, timeoutMs: number): Promise<T> {
  const { file, execArgv } = childScript(name);
  const child = fork(file, [], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  // Keep the end of stderr so a crashed job says why.
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
  try {
    const result = waitForMessage<{ result: T }>(child, 'result', timeoutMs);
    child.send({ type: 'job', job });
    return (await result).result;
  } catch (error) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    throw new Error(`${name} job failed: ${error instanceof Error ? error.message : String(error)}\n${stderr}`);
  } finally {
    await stopChild(child, 5000);
  }
}
