import request from 'supertest';
import type { TestApp } from '../helpers/test-app';
import { TEST_ADMIN_KEY } from '../helpers/test-app';
import { auth, createOrg, createUser } from '../helpers/factories';
import { createSecret, readSecretData } from '../helpers/secrets';
import {
  LOCKOUT_ENV,
  LOCK_LIMIT,
  PARALLEL,
  RIGHT_PASSWORD,
  passwordSecret,
  readsAtOnce,
  tally,
} from '../helpers/lockout';
import { uniqueName } from '../helpers/names';
import { multipartFrame, streamRequest } from '../helpers/raw-http';
import { SpawnedServer, spawnServer } from '../helpers/spawned-server';

/** README's bound on what one request reading a body may hold (MiB), at the default secret size. */
const PER_REQUEST_MIB = 8;
const FLOOD = 16;
const SEVENTY_MB = 70 * 1024 * 1024;

/**
 * Real server processes (`src/main.ts`, as `npm start` runs it) on the run's PostgreSQL: what only a
 * whole process can show (its memory, its survival) and what needs two of them (shared limits).
 */
describe('server processes', () => {
  let servers: SpawnedServer[] = [];
  let clients: Pick<TestApp, 'http' | 'adminKey'>[] = [];

  beforeAll(async () => {
    servers = await Promise.all([spawnServer(LOCKOUT_ENV, 180_000), spawnServer(LOCKOUT_ENV, 180_000)]);
    clients = servers.map((s) => ({ http: request(s.url), adminKey: TEST_ADMIN_KEY }));
  }, 240_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it(`survives ${FLOOD} concurrent 70 MB chunked multipart bodies from a user in no org, growing by < ${PER_REQUEST_MIB} MiB each`, async () => {
    const [server] = servers;
    const client = clients[0] as TestApp;
    const owner = await createUser(client);
    const org = await createOrg(client, { owner: { id: owner.id } });
    const name = uniqueName('target');
    await createSecret(client, org.name, owner.apiKey, { name, type: 'data', data: 'intact' }).expect(200);
    const outsider = await createUser(client);

    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const paths = [
      `/api/v1/org/${org.name}/secret/${name}/data`,
      `/api/v1/org/${org.name}/secret`,
      `/api/v2/org/${org.name}/secret/${name}`,
    ];
    const rssBefore = server.rssMiB();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, server.rssMiB())), 10);
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: FLOOD }, (_, i) => {
        const frame = multipartFrame('data');
        return streamRequest(`${server.url}${paths[i % paths.length]}`, {
          headers: {
            Authorization: outsider.apiKey,
            'Content-Type': frame.contentType,
            'Transfer-Encoding': 'chunked',
          },
          head: frame.head,
          chunk,
          total: SEVENTY_MB,
          tail: frame.tail,
        });
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);

    for (const answer of answers) {
      expect({ status: answer.status, error: answer.error }).toEqual({ status: 413, error: undefined });
      // Refused as the limit passed: a few MB were sent, not 70.
      expect(answer.sent).toBeLessThan(16 * 1024 * 1024);
    }
    expect(seconds).toBeLessThan(30);
    expect(server.exited()).toBe(false);
    await request(server.url).get('/api/v1/server/ping').expect(200);
    expect(rssPeak - rssBefore).toBeLessThan(FLOOD * PER_REQUEST_MIB);
    const data = await request(server.url)
      .post(`/api/v1/org/${org.name}/secret/${name}/data`)
      .set(auth(owner.apiKey))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((data.body as Buffer).toString()).toBe('intact');
  }, 120_000);

  it(`share the lockout: exactly ${LOCK_LIMIT} of ${PARALLEL} wrong store passwords sent to both at once are checked`, async () => {
    const s = await passwordSecret(clients[0]);
    const counts = tally(await readsAtOnce(clients, s, PARALLEL, (i) => `Wrong-pass-${i}`));
    expect(counts).toEqual({ 400: LOCK_LIMIT, 429: PARALLEL - LOCK_LIMIT });
    await readSecretData(clients[1] as TestApp, s.org, s.name, s.key, RIGHT_PASSWORD).expect(429);
  });

  it(`serve ${PARALLEL} right store passwords sent to both at once`, async () => {
    const s = await passwordSecret(clients[0]);
    expect(tally(await readsAtOnce(clients, s, PARALLEL, () => RIGHT_PASSWORD))).toEqual({ 200: PARALLEL });
  });
});
