import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { ADMIN_KEY } from './server-env';

const ROOT = path.resolve(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForServer(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(`${url}/api/v1/server/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The server did not answer within 60 s:\n${log()}`);
}

/**
 * A fresh database on DATABASE_URL's PostgreSQL, and the built server (`npm run build`: the API and
 * the console in dist/) started on it as `npm start` starts it. Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const external = process.env.DATABASE_URL;
  if (!external)
    throw new Error('DATABASE_URL must point at a PostgreSQL server: the console tests make a database there');
  if (!fs.existsSync(path.join(ROOT, 'dist', 'console', 'index.html'))) {
    throw new Error("The console is not built: run 'npm run build' (npm run test:console does)");
  }
  const name = `strongroom_console_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new Client({ connectionString: external });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(external);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-console-e2e-'));
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      STRONGROOM_HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      STRONGROOM_DATA_DIR: dataDir,
      STRONGROOM_ADMIN_API_KEY: ADMIN_KEY,
      STRONGROOM_SERVER_KEYS: `e2e:${Buffer.alloc(32, 5).toString('base64')}`,
      STRONGROOM_KEY_POOL_SIZE: '0',
      STRONGROOM_RSA_BITS: '2048',
      STRONGROOM_ARGON2_MEMORY_KIB: '1024',
      STRONGROOM_ARGON2_ITERATIONS: '1',
      STRONGROOM_MAX_FAILED_ATTEMPTS: '3',
      STRONGROOM_LOCKOUT_SECONDS: '120',
      STRONGROOM_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForServer(baseUrl, child, () => output.join(''));
  // Workers start after global setup and inherit these.
  process.env.CONSOLE_BASE_URL = baseUrl;
  process.env.CONSOLE_DATABASE_URL = databaseUrl;

  return async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    const c = new Client({ connectionString: external });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
