import { Client } from 'pg';
import { TestApp, startTestApp, testDatabaseUrl } from '../helpers/test-app';
import { auth, createOrg, createUser } from '../helpers/factories';
import { createSecret } from '../helpers/secrets';
import { uniqueName } from '../helpers/names';

/**
 * A change racing a DELETE of the same secret: the DELETE holds the row (its transaction open in
 * psql-like SQL), the change arrives and waits, the DELETE commits. The change must then answer 404 and
 * leave no audit row, instead of acknowledging (and auditing) a change to a secret that is gone.
 */
describe('changes racing a delete', () => {
  let t: TestApp;
  let sql: Client;
  let org: string;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp();
    sql = new Client({ connectionString: testDatabaseUrl(), application_name: 'strongroom-test-race' });
    await sql.connect();
    const user = await createUser(t);
    key = user.apiKey;
    org = (await createOrg(t, { owner: { id: user.id } })).name;
  });
  afterAll(async () => {
    await sql.end();
    await t.close();
  });

  /** Deletes the secret in an open transaction, runs `change` until it waits on the row, then commits. */
  async function raceWithDelete(name: string, change: () => PromiseLike<{ status: number }>) {
    const [{ id }] = (await sql.query<{ id: string }>(`SELECT id FROM secrets WHERE name = $1`, [name])).rows;
    await sql.query('BEGIN');
    await sql.query('DELETE FROM secrets WHERE id = $1', [id]);
    const pending = Promise.resolve(change());
    await waitForLockWait();
    await sql.query('COMMIT');
    const res = await pending;
    const audit = await sql.query(
      `SELECT action FROM audit_events WHERE details->>'secretId' = $1 AND action = 'UPDATE'`,
      [id],
    );
    return { res, updates: audit.rowCount };
  }

  async function waitForLockWait(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const waiting = await sql.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      );
      if (waiting.rowCount) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the change never waited for the deleted row');
  }

  async function secret(): Promise<string> {
    const name = uniqueName('raced');
    await createSecret(t, org, key, { name, type: 'data', data: 'v' }).expect(200);
    return name;
  }

  it('a v2 (multipart) update answers 404 and writes no audit row', async () => {
    const name = await secret();
    const { res, updates } = await raceWithDelete(name, () =>
      t.http.post(`/api/v2/org/${org}/secret/${name}`).set(auth(key)).field('visibility', 'PRIVATE'),
    );
    expect(res.status).toBe(404);
    expect(updates).toBe(0);
  });

  it('a v1 (JSON) update answers 404 and writes no audit row', async () => {
    const name = await secret();
    const { res, updates } = await raceWithDelete(name, () =>
      t.http.post(`/api/v1/org/${org}/secret/${name}`).set(auth(key)).send({ visibility: 'PRIVATE' }),
    );
    expect(res.status).toBe(404);
    expect(updates).toBe(0);
  });

  it('a team access rule answers 404 (not a 500 from the foreign key) and writes no audit row', async () => {
    const name = await secret();
    const { res, updates } = await raceWithDelete(name, () =>
      t.http
        .post(`/api/v1/org/${org}/secret/${name}/access`)
        .set(auth(key))
        .send({ teamName: 'default', level: 'READER' }),
    );
    expect(res.status).toBe(404);
    expect(updates).toBe(0);
  });

  it('a second DELETE answers 404 and is not audited twice', async () => {
    const name = await secret();
    const [{ id }] = (await sql.query<{ id: string }>(`SELECT id FROM secrets WHERE name = $1`, [name])).rows;
    await sql.query('BEGIN');
    await sql.query('DELETE FROM secrets WHERE id = $1', [id]);
    const pending = Promise.resolve(t.http.delete(`/api/v1/org/${org}/secret/${name}`).set(auth(key)));
    await waitForLockWait();
    await sql.query('COMMIT');
    expect((await pending).status).toBe(404);
    const deletes = await sql.query(
      `SELECT 1 FROM audit_events WHERE details->>'secretId' = $1 AND action = 'DELETE'`,
      [id],
    );
    expect(deletes.rowCount).toBe(0);
  });
});
