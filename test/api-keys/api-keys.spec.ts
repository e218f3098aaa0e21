import { DataSource } from 'typeorm';
import { hashApiKey } from '../../src/crypto/api-key-hash';
import { auth, createUser } from '../helpers/factories';
import { uniqueName } from '../helpers/names';
import { useTestApp } from '../helpers/test-app';

const VALIDATION = 'application/vnd.concord-validation-errors-v1+json';
const MISSING_ID = '6b1f8a5e-0c7d-4c39-9d55-1f8f0e2a9c11';

describe('API keys', () => {
  const t = useTestApp();

  const admin = () => auth(t.adminKey);
  const whoami = (key: string) => t.http.get('/api/service/console/whoami').set(auth(key));

  describe('POST /api/v1/apikey', () => {
    it('creates a key for the caller; the raw key is returned once and works', async () => {
      const user = await createUser(t);
      const res = await t.http.post('/api/v1/apikey').set(auth(user.apiKey)).send({}).expect(200);
      expect(res.body).toEqual({
        ok: true,
        id: expect.any(String),
        name: expect.stringMatching(/^key-[0-9a-f-]{36}$/),
        key: expect.stringMatching(/^[A-Za-z0-9+/]{22}$/),
        result: 'CREATED',
      });
      const me = await whoami(res.body.key).expect(200);
      expect(me.body.username).toBe(user.username);
    });

    it('trims the name, checks the key rule and refuses duplicates per user', async () => {
      const user = await createUser(t);
      const ok = await t.http.post('/api/v1/apikey').set(auth(user.apiKey)).send({ name: '  laptop ' }).expect(200);
      expect(ok.body.name).toBe('laptop');

      const dup = await t.http.post('/api/v1/apikey').set(auth(user.apiKey)).send({ name: 'laptop' }).expect(400);
      expect(dup.headers['content-type']).toContain(VALIDATION);
      expect(dup.body[0].message).toBe("API key with name 'laptop' already exists");

      // The same name is fine for another user.
      const other = await createUser(t);
      await t.http.post('/api/v1/apikey').set(auth(other.apiKey)).send({ name: 'laptop' }).expect(200);

      const bad = await t.http.post('/api/v1/apikey').set(auth(user.apiKey)).send({ name: 'has space' }).expect(400);
      expect(bad.body[0].message).toBe('Invalid API key name. Must match ^[0-9a-zA-Z][0-9a-zA-Z_@.\\-~]{2,127}$');
    });

    it('lets admins target any user by id or username', async () => {
      const user = await createUser(t);
      const byId = await t.http.post('/api/v1/apikey').set(admin()).send({ userId: user.id }).expect(200);
      expect((await whoami(byId.body.key).expect(200)).body.username).toBe(user.username);
      const byName = await t.http.post('/api/v1/apikey').set(admin()).send({ username: user.username }).expect(200);
      expect((await whoami(byName.body.key).expect(200)).body.username).toBe(user.username);
    });

    it('answers 400 for unknown target users (admin)', async () => {
      const byId = await t.http.post('/api/v1/apikey').set(admin()).send({ userId: MISSING_ID }).expect(400);
      expect(byId.body[0].message).toBe(`User not found: ${MISSING_ID}`);
      const ghost = uniqueName('ghost');
      const byName = await t.http.post('/api/v1/apikey').set(admin()).send({ username: ghost }).expect(400);
      expect(byName.body[0].message).toBe(`User not found: ${ghost}`);
      await t.http.post('/api/v1/apikey').set(admin()).send({ userId: 'nope' }).expect(400);
    });

    it('does not let a non-admin create keys for another user', async () => {
      const user = await createUser(t);
      const other = await createUser(t);
      for (const body of [{ userId: other.id }, { username: other.username }, { username: uniqueName('ghost') }]) {
        const res = await t.http.post('/api/v1/apikey').set(auth(user.apiKey)).send(body).expect(403);
        expect(res.text).toBe('Operation is not permitted');
      }
      const keys: unknown[] = await t.app
        .get(DataSource)
        .query('SELECT id FROM api_keys WHERE user_id = $1', [other.id]);
      expect(keys).toHaveLength(1);
      // Targeting oneself explicitly is fine.
      await t.http.post('/api/v1/apikey').set(auth(user.apiKey)).send({ userId: user.id }).expect(200);
      await t.http.post('/api/v1/apikey').set(auth(user.apiKey)).send({ username: user.username }).expect(200);
    });

    it('needs apiKeySpecifyValue to choose the value, which must be base64', async () => {
      const user = await createUser(t);
      const denied = await t.http
        .post('/api/v1/apikey')
        .set(auth(user.apiKey))
        .send({ key: 'c29tZS1jaG9zZW4ta2V5' })
        .expect(403);
      expect(denied.text).toBe('Not allowed to specify the API key value.');

      const bad = await t.http.post('/api/v1/apikey').set(admin()).send({ userId: user.id, key: 'not base64!' });
      expect(bad.status).toBe(400);
      expect(bad.body[0].message).toBe('Invalid API key value: must be base64');

      const value = Buffer.from(uniqueName('chosen')).toString('base64');
      const chosen = await t.http.post('/api/v1/apikey').set(admin()).send({ userId: user.id, key: value }).expect(200);
      expect(chosen.body.key).toBe(value);
      expect((await whoami(value).expect(200)).body.username).toBe(user.username);

      const reused = await t.http.post('/api/v1/apikey').set(admin()).send({ userId: user.id, key: value });
      expect(reused.status).toBe(400);
    });

    it("stores Concord's hash of a chosen key (test vector) and never the raw key", async () => {
      const user = await createUser(t);
      const res = await t.http
        .post('/api/v1/apikey')
        .set(admin())
        .send({ userId: user.id, key: 'cTFxMXExcTE=' })
        .expect(200);
      try {
        const rows: { key_hash: string }[] = await t.app
          .get(DataSource)
          .query('SELECT key_hash FROM api_keys WHERE id = $1', [res.body.id]);
        expect(rows).toEqual([{ key_hash: 'zh+XFYIOdmSYaFcA+cj9NKIPbpHSqigRtuYUjC3keYQ' }]);
        await whoami('cTFxMXExcTE').expect(200); // padding is optional
      } finally {
        await t.http.delete(`/api/v1/apikey/${res.body.id}`).set(admin()).expect(200);
      }
    });

    it('never stores a raw key in the database', async () => {
      const user = await createUser(t);
      const dump = JSON.stringify(await t.app.get(DataSource).query('SELECT * FROM api_keys'));
      expect(dump).not.toContain(user.apiKey);
      expect(dump).toContain(hashApiKey(user.apiKey));
      const users = JSON.stringify(await t.app.get(DataSource).query('SELECT * FROM users'));
      expect(users).not.toContain(user.apiKey);
    });

    it('answers 401 without credentials', async () => {
      await t.http.post('/api/v1/apikey').send({}).expect(401);
    });
  });

  describe('POST /api/v2/apikey', () => {
    it('creates, then rotates the key of the same name', async () => {
      const user = await createUser(t);
      const first = await t.http.post('/api/v2/apikey').set(auth(user.apiKey)).send({ name: 'ci key' }).expect(200);
      expect(first.body).toMatchObject({ ok: true, name: 'ci key', result: 'CREATED' });

      const second = await t.http.post('/api/v2/apikey').set(auth(user.apiKey)).send({ name: 'ci key' }).expect(200);
      expect(second.body).toMatchObject({ ok: true, id: first.body.id, name: 'ci key', result: 'UPDATED' });
      expect(second.body.key).not.toBe(first.body.key);
      await whoami(first.body.key).expect(401);
      await whoami(second.body.key).expect(200);
    });

    it('generates key#<uuid> names and applies the same target rules', async () => {
      const user = await createUser(t);
      const other = await createUser(t);
      const res = await t.http.post('/api/v2/apikey').set(auth(user.apiKey)).send({}).expect(200);
      expect(res.body.name).toMatch(/^key#[0-9a-f-]{36}$/);
      await t.http.post('/api/v2/apikey').set(auth(user.apiKey)).send({ userId: other.id }).expect(403);
      await t.http.post('/api/v2/apikey').set(auth(user.apiKey)).send({ key: 'cTFxMXExcTE=' }).expect(403);
    });
  });

  describe('GET /api/v1/apikey', () => {
    it("lists the caller's keys by name without values", async () => {
      const user = await createUser(t);
      await t.http.post('/api/v1/apikey').set(auth(user.apiKey)).send({ name: 'zeta' }).expect(200);
      await t.http.post('/api/v1/apikey').set(auth(user.apiKey)).send({ name: 'alpha' }).expect(200);
      const res = await t.http.get('/api/v1/apikey').set(auth(user.apiKey)).expect(200);
      const names = res.body.map((k: { name: string }) => k.name);
      expect(names).toEqual([...names].sort());
      expect(names).toEqual(expect.arrayContaining(['alpha', 'zeta']));
      expect(res.body).toHaveLength(3);
      for (const entry of res.body) {
        expect(Object.keys(entry).sort()).toEqual(['id', 'name', 'userId']);
        expect(entry.userId).toBe(user.id);
      }
      expect(JSON.stringify(res.body)).not.toContain(user.apiKey);
    });

    it("lets admins list another user's keys; others get 403", async () => {
      const user = await createUser(t);
      const other = await createUser(t);
      const asAdmin = await t.http.get('/api/v1/apikey').query({ userId: user.id }).set(admin()).expect(200);
      expect(asAdmin.body).toHaveLength(1);
      await t.http.get('/api/v1/apikey').query({ userId: user.id }).set(auth(other.apiKey)).expect(403);
      await t.http.get('/api/v1/apikey').query({ userId: user.id }).set(auth(user.apiKey)).expect(200);
      await t.http.get('/api/v1/apikey').query({ userId: MISSING_ID }).set(admin()).expect(400);
      await t.http.get('/api/v1/apikey').query({ userId: 'bad' }).set(admin()).expect(400);
      await t.http.get('/api/v1/apikey').expect(401);
    });
  });

  describe('DELETE /api/v1/apikey/{id}', () => {
    it('lets the owner delete a key, which then stops working', async () => {
      const user = await createUser(t);
      const extra = await t.http.post('/api/v1/apikey').set(auth(user.apiKey)).send({}).expect(200);
      await t.http
        .delete(`/api/v1/apikey/${extra.body.id}`)
        .set(auth(user.apiKey))
        .expect(200, { ok: true, result: 'DELETED' });
      await whoami(extra.body.key).expect(401);
    });

    it("forbids deleting another user's key, unless admin", async () => {
      const user = await createUser(t);
      const other = await createUser(t);
      const key = await t.http.post('/api/v1/apikey').set(auth(other.apiKey)).send({}).expect(200);
      const denied = await t.http.delete(`/api/v1/apikey/${key.body.id}`).set(auth(user.apiKey)).expect(403);
      expect(denied.text).toBe('Operation is not permitted');
      await whoami(key.body.key).expect(200);
      await t.http.delete(`/api/v1/apikey/${key.body.id}`).set(admin()).expect(200);
      await whoami(key.body.key).expect(401);
    });

    it('answers 400 for unknown and malformed ids, 401 anonymously', async () => {
      const res = await t.http.delete(`/api/v1/apikey/${MISSING_ID}`).set(admin()).expect(400);
      expect(res.headers['content-type']).toContain(VALIDATION);
      expect(res.body).toEqual([{ id: '*', message: `API key not found: ${MISSING_ID}` }]);
      await t.http.delete('/api/v1/apikey/xyz').set(admin()).expect(400);
      await t.http.delete(`/api/v1/apikey/${MISSING_ID}`).expect(401);
    });
  });
});
