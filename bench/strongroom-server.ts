import 'reflect-metadata';
import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import { Client } from 'pg';
import { loadConfig } from '../src/config/config';
import { SshKeys } from '../src/crypto/ssh-keys';
import { startServer } from '../src/startup/server';

/**
 * Strongroom as the bench runs it: the real server (startServer) in its own process, configured
 * from the environment the harness passes, answering the harness over IPC: ready, rss, key pool
 * level, CPU profile start/stop around one load run (inspector, so only that window is sampled), stop.
 */
let queries = 0;

/** Counts the SQL statements the app sends (every TypeORM query goes through pg's Client.query). */
function countQueries(): void {
  // Re-bound to each client below, on purpose.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = Client.prototype.query as (...args: unknown[]) => unknown;
  (Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
    this: Client,
    ...args: unknown[]
  ) {
    queries++;
    return original.apply(this, args);
  };
}

async function main(): Promise<void> {
  countQueries();
  const running = await startServer(loadConfig(process.env));
  const pool = running.app.get(SshKeys).rsaPool;
  const inspector = new Session();
  inspector.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      inspector.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  process.on('message', (message: { type: string; file?: string }) => {
    switch (message.type) {
      case 'rss': {
        const usage = process.memoryUsage();
        // Where the memory is, in the child's log (bench work dir), for the RSS analysis.
        process.stderr.write(`memory ${JSON.stringify(usage)}\n`);
        process.send?.({ type: 'rss', rss: usage.rss });
        break;
      }
      case 'queries':
        process.send?.({ type: 'queries', queries });
        break;
      case 'pool':
        process.send?.({ type: 'pool', available: pool.available });
        break;
      case 'profile-start':
        void post('Profiler.enable')
          .then(() => post('Profiler.setSamplingInterval', { interval: 200 }))
          .then(() => post('Profiler.start'))
          .then(() => process.send?.({ type: 'profile-start' }));
        break;
      case 'profile-stop':
        void post('Profiler.stop').then((result) => {
          fs.writeFileSync(message.file!, JSON.stringify((result as { profile: unknown }).profile));
          process.send?.({ type: 'profile-stop' });
        });
        break;
      case 'stop':
        void running.stop().finally(() => process.exit(0));
        break;
    }
  });
  process.on('disconnect', () => void running.stop().finally(() => process.exit(0)));
  process.send?.({ type: 'ready', url: running.url });
}

main().catch((error: unknown) => {
  process.send?.({ type: 'error', error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
