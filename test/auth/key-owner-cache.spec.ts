import { Client } from 'pg';
import { KeyOwnerCache } from '../../src/auth/key-owner-cache';
import { hashApiKey } from '../../src/crypto/api-key-hash';
import { addToTeam, auth, createOrg, createUser, TestOrg, TestUser } from '../helpers/factories';
import { createSecret } from '../helpers/secrets';
import { TestApp, startTestApp, testDatabaseUrl } from '../helpers/test-app';

/**
 * API-key owners are cached per process (src/auth/key-owner-cache.ts) and dropped on a NOTIFY from
 * triggers on users/api_keys, or at once for the process's own writes. Revocation must stay
 * immediate: through the API, by SQL from outside the app, across two instances on one database,
 * and after the LISTEN connection was lost and made again. Waits are bounded polls, not timings.
 */

const LISTEN_APP = 'strongroom-listen';
const POLL_LIMIT_MS = 5000;
const POLL_STEP_MS = 50;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('API-key owner cache: revocation stays immediate', () => {
  let a: TestApp;
  let b: TestApp;
  let sql: Client;
  let org: TestOrg;

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp();
    sql = new Client({ connectionString: testDatabaseUrl(), application_name: 'strongroom-test-sql' });
    await sql.connect();
    org = await createOrg(a);
    await createSecret(a, org.name, a.adminKey, { name: 'probe', type: 'data', data: 'probe-value' }).expect(200);
    await createSecret(a, org.name, a.adminKey, {
      name: 'private-probe',
      type: 'data',
      data: 'private-value',
      visibility: 'PRIVATE',
    }).expect(200);
  });
  afterAll(async () => {
    await sql.end();
    await a.close();
    await b.close();
  });

  /** A hot route (secret metadata): 200 for a member with a live key. */
  const metadata = (t: TestApp, key: string, name = 'probe') =>
    t.http.get(`/api/v2/org/${org.name}/secret/${name}`).set(auth(key));
  /** A Nest route behind the global guard. */
  const whoami = (t: TestApp, key: string) => t.http.get('/api/service/console/whoami').set(auth(key));

  async function member(opts: { roles?: string[] } = {}): Promise<TestUser> {
    const user = await createUser(a, opts);
    await addToTeam(a, org.name, 'default', user.id);
    return user;
  }

  async function newKey(userId: string): Promise<{ id: string; key: string }> {
    const res = await a.http.post('/api/v1/apikey').set(auth(a.adminKey)).send({ userId }).expect(200);
    return { id: res.body.id, key: res.body.key };
  }

  function isCached(t: TestApp, key: string): boolean {
    return t.app.get(KeyOwnerCache).get(hashApiKey(key)!) !== undefined;
  }

  /**
   * Uses the key until the instance serves it from its cache, so that what follows tests the cache's
   * invalidation and not a database lookup. (Bounded: any write to users or api_keys anywhere, such
   * as another spec creating users, empties the cache, so one request may not be enough.)
   */
  async function warm(t: TestApp, key: string, name = 'probe'): Promise<void> {
    const deadline = Date.now() + POLL_LIMIT_MS;
    for (;;) {
      await metadata(t, key, name).expect(200);
      if (isCached(t, key) || Date.now() >= deadline) break;
      await sleep(POLL_STEP_MS);
    }
    expect(isCached(t, key)).toBe(true);
  }

  /**
   * Repeats the request until it answers `want` (bounded); every earlier answer must be `from`.
   * Then asserts the answer sticks: a lookup racing the change must not put the old owner back.
   */
  async function pollUntil(send: () => Promise<{ status: number }>, from: number, want: number): Promise<void> {
    const seen: number[] = [];
    const deadline = Date.now() + POLL_LIMIT_MS;
    for (;;) {
      const { status } = await send();
      seen.push(status);
      if (status === want || Date.now() >= deadline) break;
      await sleep(POLL_STEP_MS);
    }
    expect(seen[seen.length - 1]).toBe(want);
    expect(seen.filter((s) => s !== from && s !== want)).toEqual([]);
    for (let i = 0; i < 5; i++) {
      expect((await send()).status).toBe(want);
      await sleep(POLL_STEP_MS);
    }
  }

  async function listenerPids(): Promise<number[]> {
    const res = await sql.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
      [LISTEN_APP],
    );
    return res.rows.map((r) => r.pid);
  }

  describe('changes made through the API', () => {
    it('refuses a deleted key on the very next request', async () => {
      const user = await member();
      const { id, key } = await newKey(user.id);
      await warm(a, key);
      await whoami(a, key).expect(200);
      await a.http.delete(`/api/v1/apikey/${id}`).set(auth(a.adminKey)).expect(200);
      await metadata(a, key).expect(401);
      await whoami(a, key).expect(401);
      // The user's other key is untouched.
      await metadata(a, user.apiKey).expect(200);
    });

    it('refuses a key deleted by its own owner on the very next request', async () => {
      const user = await member();
      const { id, key } = await newKey(user.id);
      await warm(a, key);
      await a.http.delete(`/api/v1/apikey/${id}`).set(auth(key)).expect(200);
      await metadata(a, key).expect(401);
    });

    it('refuses the keys of a disabled user on the very next request', async () => {
      const user = await member();
      await warm(a, user.apiKey);
      await a.http.put(`/api/v1/user/${user.id}/disable`).set(auth(a.adminKey)).expect(200);
      await metadata(a, user.apiKey).expect(401);
      await whoami(a, user.apiKey).expect(401);
    });

    it('refuses the keys of a deleted user on the very next request', async () => {
      const user = await member();
      await warm(a, user.apiKey);
      await a.http.delete(`/api/v1/user/${user.id}`).set(auth(a.adminKey)).expect(200);
      await metadata(a, user.apiKey).expect(401);
    });

    it('applies a role change on the very next request', async () => {
      const reader = await createUser(a, { roles: ['concordSystemReader'] });
      await warm(a, reader.apiKey, 'private-probe');
      await a.http.post(`/api/v1/user/${reader.username}/roles`).set(auth(a.adminKey)).send({ roles: [] }).expect(200);
      await metadata(a, reader.apiKey, 'private-probe').expect(403);
    });
  });

  describe('changes made by SQL outside the app', () => {
    it('refuses a key deleted by SQL', async () => {
      const user = await member();
      const { id, key } = await newKey(user.id);
      await warm(a, key);
      await sql.query('DELETE FROM api_keys WHERE id = $1', [id]);
      await pollUntil(() => metadata(a, key), 200, 401);
      await whoami(a, key).expect(401);
    });

    it('refuses a key expired by SQL', async () => {
      const user = await member();
      const { id, key } = await newKey(user.id);
      await warm(a, key);
      await sql.query(`UPDATE api_keys SET expired_at = now() - interval '1 second' WHERE id = $1`, [id]);
      await pollUntil(() => metadata(a, key), 200, 401);
    });

    it('refuses the keys of a user disabled by SQL', async () => {
      const user = await member();
      await warm(a, user.apiKey);
      await sql.query('UPDATE users SET disabled = true WHERE id = $1', [user.id]);
      await pollUntil(() => metadata(a, user.apiKey), 200, 401);
      await whoami(a, user.apiKey).expect(401);
    });

    it('applies a role removed by SQL', async () => {
      const reader = await createUser(a, { roles: ['concordSystemReader'] });
      await warm(a, reader.apiKey, 'private-probe');
      await sql.query(`UPDATE users SET roles = '{}' WHERE id = $1`, [reader.id]);
      await pollUntil(() => metadata(a, reader.apiKey, 'private-probe'), 200, 403);
    });
  });

  describe('two instances on one database', () => {
    it('refuses on instance B a key deleted through instance A', async () => {
      const user = await member();
      const { id, key } = await newKey(user.id);
      await warm(b, key);
      await a.http.delete(`/api/v1/apikey/${id}`).set(auth(a.adminKey)).expect(200);
      await metadata(a, key).expect(401);
      await pollUntil(() => metadata(b, key), 200, 401);
      await whoami(b, key).expect(401);
    });

    it('refuses on instance B the keys of a user disabled through instance A', async () => {
      const user = await member();
      await warm(b, user.apiKey);
      await warm(a, user.apiKey);
      await a.http.put(`/api/v1/user/${user.id}/disable`).set(auth(a.adminKey)).expect(200);
      await metadata(a, user.apiKey).expect(401);
      await pollUntil(() => metadata(b, user.apiKey), 200, 401);
    });

    it('refuses on both instances a key deleted by SQL', async () => {
      const user = await member();
      const { id, key } = await newKey(user.id);
      await warm(a, key);
      await warm(b, key);
      await sql.query('DELETE FROM api_keys WHERE id = $1', [id]);
      await pollUntil(() => metadata(a, key), 200, 401);
      await pollUntil(() => metadata(b, key), 200, 401);
    });
  });

  describe('a lost LISTEN connection', () => {
    /** Ends every listener of the test database (other specs' instances just reconnect too). */
    async function terminateListeners(): Promise<number[]> {
      const before = await listenerPids();
      expect(before.length).toBeGreaterThanOrEqual(2);
      await sql.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
        [LISTEN_APP],
      );
      return before;
    }

    async function awaitNewListener(old: number[]): Promise<void> {
      const deadline = Date.now() + POLL_LIMIT_MS;
      let fresh: number[] = [];
      for (;;) {
        fresh = (await listenerPids()).filter((pid) => !old.includes(pid));
        if (fresh.length > 0 || Date.now() >= deadline) break;
        await sleep(POLL_STEP_MS);
      }
      expect(fresh.length).toBeGreaterThan(0);
    }

    it('keeps revocation immediate after the listener reconnects', async () => {
      const old = await terminateListeners();
      await awaitNewListener(old);
      // Both instances serve from their caches again: their listeners are back.
      const user = await member();
      const { id, key } = await newKey(user.id);
      await warm(a, key);
      await warm(b, key);
      expect((await listenerPids()).filter((pid) => old.includes(pid))).toEqual([]);

      await sql.query('DELETE FROM api_keys WHERE id = $1', [id]);
      await pollUntil(() => metadata(a, key), 200, 401);
      await pollUntil(() => metadata(b, key), 200, 401);

      const other = await member();
      await warm(a, other.apiKey);
      await sql.query('UPDATE users SET disabled = true WHERE id = $1', [other.id]);
      await pollUntil(() => metadata(a, other.apiKey), 200, 401);
    });

    it('does not serve a key revoked while the listener was down', async () => {
      const user = await member();
      const { id, key } = await newKey(user.id);
      await warm(a, key);
      await warm(b, key);
      const old = await terminateListeners();
      // The NOTIFY of this change may reach no listener at all.
      await sql.query('DELETE FROM api_keys WHERE id = $1', [id]);
      await pollUntil(() => metadata(a, key), 200, 401);
      await pollUntil(() => metadata(b, key), 200, 401);
      await awaitNewListener(old);
      // Once both caches serve again (the user's other key is cached), the revoked key stays refused.
      await warm(a, user.apiKey);
      await warm(b, user.apiKey);
      await metadata(a, key).expect(401);
      await metadata(b, key).expect(401);
    });
  });
});
