import { TestApp, startTestApp, testDatabaseUrl } from '../helpers/test-app';
import { auth, createOrg, createUser } from '../helpers/factories';
import { createSecret } from '../helpers/secrets';
import { uniqueName } from '../helpers/names';
import { TcpProxy } from '../helpers/tcp-proxy';

/**
 * PostgreSQL behind a real TCP proxy that the test stalls (connections open, nothing answered: what
 * `statement_timeout` alone cannot catch) or takes down. Requests then get a 503 with Retry-After
 * within the client-side timeout, the log gets one warning per outage instead of a stack per request,
 * and the server serves again once the database answers, by itself.
 */
describe('database stalled or down', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let org: string;
  let secret: string;
  let key: string;

  beforeAll(async () => {
    const direct = new URL(testDatabaseUrl());
    proxy = await TcpProxy.start(direct.hostname, Number(direct.port || 5432));
    t = await startTestApp({}, proxy.urlFor(testDatabaseUrl()));
    const user = await createUser(t);
    const o = await createOrg(t, { owner: { id: user.id } });
    org = o.name;
    key = user.apiKey;
    secret = uniqueName('s');
    await createSecret(t, org, key, { name: secret, type: 'data', data: 'value' }).expect(200);
  });
  afterAll(async () => {
    proxy.restore();
    await t.close();
    await proxy.close();
  });

  const metadata = () => t.http.get(`/api/v2/org/${org}/secret/${secret}`).set(auth(key));
  const orgGet = () => t.http.get(`/api/v1/org/${org}`).set(auth(key));
  const warnings = () => t.logs.filter((l) => l.includes('"level":"warn"') && l.includes('Database unavailable'));

  async function eventually(probe: () => Promise<number>, status: number, withinMs: number): Promise<number> {
    const started = Date.now();
    for (;;) {
      if ((await probe()) === status) return Date.now() - started;
      if (Date.now() - started > withinMs) throw new Error(`no ${status} within ${withinMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('answers 503 with Retry-After within 5 s while PostgreSQL does not answer, logs it once, and recovers', async () => {
    await metadata().expect(200);
    const logsBefore = t.logs.length;
    proxy.stall();
    const started = Date.now();
    const answers = await Promise.all([metadata(), metadata(), orgGet(), orgGet(), metadata(), orgGet()]);
    const elapsed = Date.now() - started;
    for (const res of answers) {
      expect(res.status).toBe(503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(res.text).toMatch(/database is not answering/);
    }
    expect(elapsed).toBeLessThan(5000);
    // Later requests of the same outage answer the same way, and add nothing to the log.
    await metadata().expect(503);
    const during = t.logs.slice(logsBefore);
    expect(warnings()).toHaveLength(1);
    expect(during.filter((l) => l.includes('"level":"error"') || l.includes('"stack"'))).toEqual([]);

    proxy.restore();
    await eventually(async () => (await metadata()).status, 200, 10_000);
    await orgGet().expect(200);
    expect(t.logs.some((l) => l.includes('Database answering again'))).toBe(true);
  }, 60_000);

  it('answers 503 at once while PostgreSQL is down, and recovers when it is back', async () => {
    await metadata().expect(200);
    const warningsBefore = warnings().length;
    proxy.down();
    const started = Date.now();
    const res = await orgGet();
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expect(Date.now() - started).toBeLessThan(5000);
    await metadata().expect(503);
    expect(warnings()).toHaveLength(warningsBefore + 1);

    proxy.restore();
    await eventually(async () => (await metadata()).status, 200, 10_000);
    // Writes work again too (a new secret, through a fresh pooled connection).
    await createSecret(t, org, key, { name: uniqueName('after'), type: 'data', data: 'v' }).expect(200);
  }, 60_000);
});
