import { DataSource } from 'typeorm';
import { auth, basic, createUser } from '../helpers/factories';
import { uniqueName } from '../helpers/names';
import { useTestApp } from '../helpers/test-app';

const VALIDATION = 'application/vnd.concord-validation-errors-v1+json';
const ADMIN_ID = '230c5c9c-d9a7-11e6-bcfd-bb681c07b26c';
const DEFAULT_TEAM_ID = '00000000-0000-0000-0000-000000000000';
const MISSING_ID = '6b1f8a5e-0c7d-4c39-9d55-1f8f0e2a9c11';

describe('users', () => {
  const t = useTestApp();

  const admin = () => auth(t.adminKey);

  describe('POST /api/v1/user', () => {
    it('creates a user (lower-cased), then updates it by the same identity', async () => {
      const name = uniqueName('Mixed');
      const created = await t.http
        .post('/api/v1/user')
        .set(admin())
        .send({ username: name, displayName: 'First', email: 'a@example.com' })
        .expect(200);
      expect(created.body).toEqual({
        ok: true,
        id: expect.any(String),
        username: name.toLowerCase(),
        result: 'CREATED',
      });

      const updated = await t.http
        .post('/api/v1/user')
        .set(admin())
        .send({ username: name.toUpperCase(), displayName: 'Second' })
        .expect(200);
      expect(updated.body).toEqual({ ok: true, id: created.body.id, username: name.toLowerCase(), result: 'UPDATED' });

      const got = await t.http.get(`/api/v1/user/${name}`).set(admin()).expect(200);
      expect(got.body).toEqual({
        id: created.body.id,
        name: name.toLowerCase(),
        displayName: 'Second',
        email: 'a@example.com',
        type: 'LOCAL',
        orgs: [{ id: '0fac1b18-d179-11e7-b3e7-d7df4543ed4f', name: 'Default' }],
        disabled: false,
        permanentlyDisabled: false,
      });
    });

    it("adds every new user to the Default org's default team as MEMBER", async () => {
      const user = await createUser(t);
      const rows: { role: string }[] = await t.app
        .get(DataSource)
        .query('SELECT role FROM team_members WHERE team_id = $1 AND user_id = $2', [DEFAULT_TEAM_ID, user.id]);
      expect(rows).toEqual([{ role: 'MEMBER' }]);
    });

    it('replaces roles and drops unknown role names', async () => {
      const username = uniqueName('roles');
      await t.http
        .post('/api/v1/user')
        .set(admin())
        .send({ username, roles: ['concordSystemReader', 'noSuchRole'] })
        .expect(200);
      let got = await t.http.get(`/api/v1/user/${username}`).set(admin()).expect(200);
      expect(got.body.roles).toEqual([{ name: 'concordSystemReader', permissions: [] }]);

      await t.http
        .post('/api/v1/user')
        .set(admin())
        .send({ username, roles: ['concordAdmin'] })
        .expect(200);
      got = await t.http.get(`/api/v1/user/${username}`).set(admin()).expect(200);
      expect(got.body.roles).toEqual([
        { name: 'concordAdmin', permissions: ['createOrg', 'updateOrg', 'apiKeySpecifyValue'] },
      ]);

      // Without `roles` the set is kept.
      await t.http.post('/api/v1/user').set(admin()).send({ username }).expect(200);
      got = await t.http.get(`/api/v1/user/${username}`).set(admin()).expect(200);
      expect(got.body.roles).toHaveLength(1);
    });

    it('accepts userType when type is absent, and type wins when both are sent', async () => {
      const username = uniqueName('typed');
      const ldap = await t.http.post('/api/v1/user').set(admin()).send({ username, userType: 'LDAP' }).expect(200);
      const local = await t.http
        .post('/api/v1/user')
        .set(admin())
        .send({ username, type: 'LOCAL', userType: 'LDAP' })
        .expect(200);
      expect(local.body.result).toBe('CREATED');
      expect(local.body.id).not.toBe(ldap.body.id);
    });

    it('refuses non-admins (403) and anonymous callers (401)', async () => {
      const user = await createUser(t);
      const res = await t.http
        .post('/api/v1/user')
        .set(auth(user.apiKey))
        .send({ username: uniqueName('x') });
      expect(res.status).toBe(403);
      expect(res.text).toBe('Only admins can do that');
      await t.http
        .post('/api/v1/user')
        .send({ username: uniqueName('x') })
        .expect(401);
    });

    it('answers 400 for SSO users, bad bodies and passwords on non-LOCAL users', async () => {
      const sso = await t.http
        .post('/api/v1/user')
        .set(admin())
        .send({ username: uniqueName('sso'), type: 'SSO' });
      expect(sso.status).toBe(400);
      expect(sso.text).toBe('User of type SSO cannot be created');

      const missing = await t.http.post('/api/v1/user').set(admin()).send({}).expect(400);
      expect(missing.headers['content-type']).toContain(VALIDATION);
      expect(missing.body[0].id).toBe('username');

      await t.http
        .post('/api/v1/user')
        .set(admin())
        .send({ username: 'x'.repeat(129) })
        .expect(400);
      await t.http
        .post('/api/v1/user')
        .set(admin())
        .send({ username: uniqueName('t'), type: 'ROBOT' })
        .expect(400);

      const ldapPassword = await t.http
        .post('/api/v1/user')
        .set(admin())
        .send({ username: uniqueName('ldap'), type: 'LDAP', password: 'pw-123456' })
        .expect(400);
      expect(ldapPassword.body[0].message).toBe('Only LOCAL users can have a password');
    });

    it('stores only an argon2id hash of the password and never returns it', async () => {
      const password = 'correct horse battery staple';
      const username = uniqueName('pw');
      const created = await t.http.post('/api/v1/user').set(admin()).send({ username, password }).expect(200);
      expect(JSON.stringify(created.body)).not.toContain(password);

      const got = await t.http.get(`/api/v1/user/${username}`).set(admin()).expect(200);
      expect(JSON.stringify(got.body)).not.toContain('argon2');
      expect(got.body).not.toHaveProperty('password');
      expect(got.body).not.toHaveProperty('passwordHash');

      const rows: Record<string, unknown>[] = await t.app
        .get(DataSource)
        .query('SELECT * FROM users WHERE id = $1', [created.body.id]);
      expect(rows).toHaveLength(1);
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
      expect(JSON.stringify(rows[0])).not.toContain(password);
      expect(t.logs.join('\n')).not.toContain(password);

      // A new password replaces the old one.
      await t.http.post('/api/v1/user').set(admin()).send({ username, password: 'second password' }).expect(200);
      await t.http.get('/api/service/console/whoami').set(basic(username, password)).expect(401);
      await t.http.get('/api/service/console/whoami').set(basic(username, 'second password')).expect(200);
    });
  });

  describe('GET /api/v1/user/{username}', () => {
    it('answers 404 text for an unknown user and 403 for non-admins', async () => {
      const name = uniqueName('ghost');
      const res = await t.http.get(`/api/v1/user/${name}`).set(admin()).expect(404);
      expect(res.text).toBe(`User not found: ${name}`);

      const user = await createUser(t);
      await t.http.get(`/api/v1/user/${user.username}`).set(auth(user.apiKey)).expect(403);
      await t.http.get(`/api/v1/user/${user.username}`).expect(401);
    });
  });

  describe('PUT /api/v1/user/{id}/disable', () => {
    it('disables a user (its key stops working); re-posting the user enables it again', async () => {
      const user = await createUser(t);
      const res = await t.http.put(`/api/v1/user/${user.id}/disable`).set(admin()).expect(200);
      expect(res.body).toMatchObject({ id: user.id, name: user.username, disabled: true, permanentlyDisabled: false });
      expect(Date.parse(res.body.disabledDate)).not.toBeNaN();
      await t.http.get('/api/service/console/whoami').set(auth(user.apiKey)).expect(401);

      const again = await t.http.post('/api/v1/user').set(admin()).send({ username: user.username }).expect(200);
      expect(again.body.result).toBe('UPDATED');
      await t.http.get('/api/service/console/whoami').set(auth(user.apiKey)).expect(200);
    });

    it('permanently disabled users cannot be re-enabled', async () => {
      const user = await createUser(t);
      const res = await t.http.put(`/api/v1/user/${user.id}/disable?permanent=true`).set(admin()).expect(200);
      expect(res.body).toMatchObject({ disabled: true, permanentlyDisabled: true });
      const again = await t.http.post('/api/v1/user').set(admin()).send({ username: user.username }).expect(400);
      expect(again.text).toBe('User is permanently disabled');
    });

    it('answers 404 for an unknown id, 400 for a bad id, 403 for non-admins', async () => {
      const res = await t.http.put(`/api/v1/user/${MISSING_ID}/disable`).set(admin()).expect(404);
      expect(res.text).toBe(`User not found: ${MISSING_ID}`);
      const bad = await t.http.put('/api/v1/user/not-a-uuid/disable').set(admin()).expect(400);
      expect(bad.headers['content-type']).toContain(VALIDATION);
      const user = await createUser(t);
      await t.http.put(`/api/v1/user/${user.id}/disable`).set(auth(user.apiKey)).expect(403);
    });
  });

  describe('DELETE /api/v1/user/{id}', () => {
    it('deletes a user with its API keys', async () => {
      const user = await createUser(t);
      await t.http.delete(`/api/v1/user/${user.id}`).set(admin()).expect(200, { ok: true });
      await t.http.get('/api/service/console/whoami').set(auth(user.apiKey)).expect(401);
      const keys: unknown[] = await t.app
        .get(DataSource)
        .query('SELECT id FROM api_keys WHERE user_id = $1', [user.id]);
      expect(keys).toEqual([]);
    });

    it('answers 400 for unknown, malformed and built-in admin ids, 403 for non-admins', async () => {
      const unknown = await t.http.delete(`/api/v1/user/${MISSING_ID}`).set(admin()).expect(400);
      expect(unknown.headers['content-type']).toContain(VALIDATION);
      expect(unknown.body).toEqual([{ id: '*', message: `User not found: ${MISSING_ID}` }]);
      await t.http.delete('/api/v1/user/nope').set(admin()).expect(400);
      const builtIn = await t.http.delete(`/api/v1/user/${ADMIN_ID}`).set(admin()).expect(400);
      expect(builtIn.text).toBe('The built-in admin user cannot be deleted');

      const user = await createUser(t);
      const other = await createUser(t);
      await t.http.delete(`/api/v1/user/${other.id}`).set(auth(user.apiKey)).expect(403);
    });
  });

  describe('POST /api/v1/user/{username}/roles', () => {
    it('replaces the roles (admin only)', async () => {
      const user = await createUser(t);
      await t.http
        .post(`/api/v1/user/${user.username}/roles`)
        .set(admin())
        .send({ roles: ['concordSystemWriter', 'bogus'] })
        .expect(200, { ok: true, result: 'UPDATED' });
      const got = await t.http.get(`/api/v2/user/${user.id}`).set(auth(user.apiKey)).expect(200);
      expect(got.body.roles).toEqual([{ name: 'concordSystemWriter', permissions: [] }]);

      await t.http.post(`/api/v1/user/${user.username}/roles`).set(admin()).send({ roles: [] }).expect(200);
      const cleared = await t.http.get(`/api/v2/user/${user.id}`).set(auth(user.apiKey)).expect(200);
      expect(cleared.body).not.toHaveProperty('roles');
    });

    it('answers 400 without roles, 404 for an unknown user, 403 for non-admins', async () => {
      const user = await createUser(t);
      await t.http.post(`/api/v1/user/${user.username}/roles`).set(admin()).send({}).expect(400);
      const ghost = uniqueName('ghost');
      const missing = await t.http.post(`/api/v1/user/${ghost}/roles`).set(admin()).send({ roles: [] }).expect(404);
      expect(missing.text).toBe(`User not found: ${ghost}`);
      await t.http
        .post(`/api/v1/user/${user.username}/roles`)
        .set(auth(user.apiKey))
        .send({ roles: ['concordAdmin'] })
        .expect(403);
    });
  });

  describe('GET /api/v2/user/{id}', () => {
    it('lets a user read itself, admins and global readers anyone, others nobody', async () => {
      const user = await createUser(t);
      const other = await createUser(t);
      const reader = await createUser(t, { roles: ['concordSystemReader'] });

      const self = await t.http.get(`/api/v2/user/${user.id}`).set(auth(user.apiKey)).expect(200);
      expect(self.body).toMatchObject({ id: user.id, name: user.username, type: 'LOCAL', disabled: false });
      await t.http.get(`/api/v2/user/${user.id}`).set(admin()).expect(200);
      await t.http.get(`/api/v2/user/${user.id}`).set(auth(reader.apiKey)).expect(200);
      await t.http.get(`/api/v2/user/${user.id}`).set(auth(other.apiKey)).expect(403);
      await t.http.get(`/api/v2/user/${MISSING_ID}`).set(auth(other.apiKey)).expect(403);
      await t.http.get(`/api/v2/user/${user.id}`).expect(401);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      const res = await t.http.get(`/api/v2/user/${MISSING_ID}`).set(admin()).expect(404);
      expect(res.text).toBe(`User not found: ${MISSING_ID}`);
      await t.http.get('/api/v2/user/123').set(admin()).expect(400);
    });
  });

  describe('GET /api/v2/user', () => {
    it('finds active users by a substring of name, display name or email', async () => {
      const user = await createUser(t);
      const marker = uniqueName('marker').toLowerCase();
      await t.http
        .post('/api/v1/user')
        .set(admin())
        .send({ username: user.username, displayName: `Display ${marker}` })
        .expect(200);
      const byDisplay = await t.http
        .get('/api/v2/user')
        .query({ filter: marker.toUpperCase() })
        .set(auth(user.apiKey))
        .expect(200);
      expect(byDisplay.body).toEqual([
        {
          id: user.id,
          name: user.username,
          displayName: `Display ${marker}`,
          type: 'LOCAL',
          disabled: false,
          permanentlyDisabled: false,
        },
      ]);

      await t.http.put(`/api/v1/user/${user.id}/disable`).set(admin()).expect(200);
      await t.http.get('/api/v2/user').query({ filter: marker }).set(admin()).expect(200, []);
    });

    it('pages with offset and limit', async () => {
      const prefix = uniqueName('page').toLowerCase();
      for (const n of ['a', 'b', 'c']) await createUser(t, { username: `${prefix}-${n}` });
      const page = await t.http.get('/api/v2/user').query({ filter: prefix, offset: 1, limit: 1 }).set(admin());
      expect(page.status).toBe(200);
      expect(page.body.map((u: { name: string }) => u.name)).toEqual([`${prefix}-b`]);
    });

    it('answers [] without a filter, 400 for bad paging, 401 anonymously', async () => {
      await t.http.get('/api/v2/user').set(admin()).expect(200, []);
      const neg = await t.http.get('/api/v2/user').query({ filter: 'a', offset: -1 }).set(admin()).expect(400);
      expect(neg.headers['content-type']).toContain(VALIDATION);
      expect(neg.body[0].id).toBe('offset');
      await t.http.get('/api/v2/user').query({ filter: 'a', limit: 0 }).set(admin()).expect(400);
      await t.http.get('/api/v2/user').query({ filter: 'a', limit: 'ten' }).set(admin()).expect(400);
      await t.http.get('/api/v2/user').query({ filter: 'a' }).expect(401);
    });
  });
});
