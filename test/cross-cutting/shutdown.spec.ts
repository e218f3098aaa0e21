import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import request from 'supertest';
import { uniqueName } from '../helpers/names';
import { ensureBuilt, openTempDir, ServerProcess } from '../helpers/server-process';
import { TEST_ADMIN_KEY, TEST_SERVER_KEYS } from '../helpers/test-app';
import { createTestDatabase, TestDatabase } from '../setup/test-database';

interface Outcome {
  id: string;
  status?: number;
  connection?: string;
  error?: string;
}

/** One keep-alive GET; resolves with what came back, or the socket error. */
function get(agent: http.Agent, url: URL, path: string, id: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path,
        headers: { Authorization: TEST_ADMIN_KEY, 'X-Request-Id': id },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ id, status: res.statusCode, connection: res.headers.connection }));
        res.on('error', (error: NodeJS.ErrnoException) => resolve({ id, error: error.code ?? error.message }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ id, error: error.code ?? error.message }));
    req.end();
  });
}

/** A multipart create whose body is sent in two halves: the server has the request, not yet all of it. */
class SlowCreate {
  private readonly socket: net.Socket;
  private response = '';
  readonly done: Promise<{ head: string; error?: string }>;
  private readonly rest: Buffer;

  constructor(url: URL, org: string, name: string) {
    const boundary = 'slow-boundary-1234';
    const body = Buffer.from(
      [
        `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n${name}\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\ndata\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="data"\r\n\r\nsent-slowly\r\n`,
        `--${boundary}--\r\n`,
      ].join(''),
    );
    const head =
      `POST /api/v1/org/${org}/secret HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: ${TEST_ADMIN_KEY}\r\n` +
      `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length}\r\n` +
      'Connection: keep-alive\r\n\r\n';
    const half = Math.floor(body.length / 2);
    this.rest = body.subarray(half);
    this.socket = net.connect(Number(url.port), url.hostname);
    this.socket.write(Buffer.concat([Buffer.from(head), body.subarray(0, half)]));
    this.done = new Promise((resolve) => {
      this.socket.on('data', (chunk: Buffer) => (this.response += chunk.toString('utf8')));
      this.socket.on('error', (error: NodeJS.ErrnoException) => resolve({ head: this.response, error: error.code }));
      this.socket.on('close', () => resolve({ head: this.response }));
    });
  }

  finish(): void {
    this.socket.write(this.rest);
  }
}

describe('graceful shutdown', () => {
  let db: TestDatabase;
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeAll(
    async () => {
      ensureBuilt();
      db = await createTestDatabase();
      dataDir = openTempDir('strongroom-shutdown-');
    },
    10 * 60 * 1000,
  );
  afterAll(async () => {
    await server?.stop();
    await db.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('on SIGTERM under keep-alive load: answers what it received with Connection: close, resets none, exits within 5 s', async () => {
    server = new ServerProcess({
      DATABASE_URL: db.url,
      STRONGROOM_DATA_DIR: dataDir,
      STRONGROOM_SERVER_KEYS: TEST_SERVER_KEYS,
      STRONGROOM_ADMIN_API_KEY: TEST_ADMIN_KEY,
      // The default pool: RSA-4096 pairs generating in the background must not hold the exit up.
      STRONGROOM_KEY_POOL_SIZE: '4',
    });
    const url = new URL(await server.listening());
    const org = uniqueName('drain-org');
    const admin = { Authorization: TEST_ADMIN_KEY };
    await request(url.origin).post('/api/v1/org').set(admin).send({ name: org }).expect(200);
    await request(url.origin)
      .post(`/api/v1/org/${org}/secret`)
      .set(admin)
      .field('name', 'target')
      .field('type', 'data')
      .field('data', 'v')
      .expect(200);

    // Keep-alive load: 8 connections, each sending its next request as soon as the last is answered.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const outcomes: Outcome[] = [];
    let running = true;
    let n = 0;
    const loops = Array.from({ length: 8 }, async () => {
      while (running) {
        const outcome = await get(
          agent,
          url,
          `/api/v1/org/${org}/secret/target`,
          `load-${String(n++).padStart(6, '0')}`,
        );
        outcomes.push(outcome);
        if (outcome.error) await new Promise((r) => setTimeout(r, 20));
      }
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThan(20);

    // Requests the server has surely received (headers and half a body), still in flight.
    const slow = [1, 2, 3].map((i) => new SlowCreate(url, org, `slow-${i}`));
    await new Promise((r) => setTimeout(r, 500));

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    for (const s of slow) s.finish();
    const exit = await server.exit(15_000);
    const exitedAfterMs = Date.now() - signalledAt;
    running = false;
    await Promise.all(loops);
    agent.destroy();

    expect(exit).toEqual({ code: 0, signal: null });
    // Measured by the server from the signal to its last line (this test's own clock also counts the
    // scheduling of two processes on a busy machine, so it gets a looser bound).
    const lines = server.logLines();
    const signalLine = lines.findIndex((l) => /SIGTERM received/.test(String(l.msg)));
    const stoppedLine = lines.find((l) => l.msg === 'Stopped');
    expect(signalLine).toBeGreaterThan(0);
    expect(stoppedLine).toBeDefined();
    expect(Date.parse(String(stoppedLine!.time)) - Date.parse(String(lines[signalLine].time))).toBeLessThan(5000);
    expect(exitedAfterMs).toBeLessThan(10_000);

    // In-flight requests: answered in full, told the connection closes, never reset.
    for (const result of await Promise.all(slow.map((s) => s.done))) {
      expect(result.error).toBeUndefined();
      expect(result.head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(result.head).toMatch(/\r\nConnection: close\r\n/i);
    }

    // Load: whatever the server answered, its client got; failures are only requests it never took.
    const answered = new Set(lines.filter((l) => l.msg === 'request').map((l) => l.requestId as string));
    const failed = outcomes.filter((o) => o.error);
    for (const o of failed) expect({ id: o.id, answered: answered.has(o.id) }).toEqual({ id: o.id, answered: false });
    for (const o of outcomes.filter((x) => x.status !== undefined)) expect(o.status).toBe(200);
    // After the signal it stops taking new requests: at most the ones in flight then are answered.
    const answeredAfter = lines.slice(signalLine).filter((l) => l.msg === 'request');
    expect(answeredAfter.length).toBeLessThanOrEqual(8 + slow.length);
    expect(answeredAfter.filter((l) => String(l.requestId).startsWith('load-')).length).toBeLessThanOrEqual(8);
  }, 120_000);
});
