import { auth, basic, createUser } from '../helpers/factories';
import { TestApp, startTestApp } from '../helpers/test-app';

const WHOAMI = '/api/service/console/whoami';
const USER_INFO = '/api/service/console/userInfo';
const LOGOUT = '/api/service/console/logout';

function setCookies(res: { headers: Record<string, unknown> }): string[] {
  const raw = res.headers['set-cookie'];
  return Array.isArray(raw) ? (raw as string[]) : [];
}

function sessionCookie(res: { headers: Record<string, unknown> }): string {
  const cookie = setCookies(res).find((c) => c.startsWith('JSESSIONID='));
  if (!cookie) throw new Error('no JSESSIONID cookie was set');
  return cookie;
}

/** `JSESSIONID=<value>` as a client sends it back. */
function cookieHeader(setCookie: string): string {
  return setCookie.split(';')[0];
}

describe('authentication and console session', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('Basic (LOCAL users with a password)', () => {
    it('logs in with the password and opens a session', async () => {
      const user = await createUser(t, { password: 'pa:ss w0rd' });
      const res = await t.http.get(WHOAMI).set(basic(user.username, 'pa:ss w0rd')).expect(200);
      expect(res.body).toEqual({
        realm: 'local',
        username: user.username,
        displayName: user.username,
        orgs: [{ id: '0fac1b18-d179-11e7-b3e7-d7df4543ed4f', name: 'Default' }],
      });
      const cookie = sessionCookie(res);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).not.toMatch(/; Secure/);
    });

    it('works on any route, and the username is case-insensitive', async () => {
      const user = await createUser(t, { password: 'secret-1' });
      const res = await t.http.get(`/api/v2/user/${user.id}`).set(basic(user.username.toUpperCase(), 'secret-1'));
      expect(res.status).toBe(200);
    });

    it('answers 401 with a small JSON message for a wrong password, an unknown user or no password set', async () => {
      const user = await createUser(t, { password: 'right' });
      const noPassword = await createUser(t);
      for (const header of [
        basic(user.username, 'wrong'),
        basic('nobody-at-all', 'right'),
        basic(noPassword.username, 'anything'),
      ]) {
        const res = await t.http.get(WHOAMI).set(header).expect(401);
        expect(res.headers['content-type']).toContain('application/json');
        // Concord sends no body here; a JSON-typed answer that is not JSON breaks strict clients.
        expect(res.body).toEqual({ message: 'Not authenticated' });
        expect(setCookies(res)).toEqual([]);
      }
    });

    it('answers 401 for a disabled user, even with the right password', async () => {
      const user = await createUser(t, { password: 'pw-disabled' });
      await t.http.put(`/api/v1/user/${user.id}/disable`).set(auth(t.adminKey)).expect(200);
      await t.http.get(WHOAMI).set(basic(user.username, 'pw-disabled')).expect(401);
    });

    it('answers 401 {"message"} for malformed Basic credentials', async () => {
      const res = await t.http.get(WHOAMI).set('Authorization', 'Basic %%%').expect(401);
      expect(res.body).toEqual({ message: expect.stringContaining('Invalid Basic credentials') });
    });
  });

  describe('API keys', () => {
    it('accepts `Authorization: <key>` and `Bearer <key>`', async () => {
      const user = await createUser(t);
      const plain = await t.http.get(WHOAMI).set(auth(user.apiKey)).expect(200);
      expect(plain.body).toMatchObject({ realm: 'apikey', username: user.username });
      const bearer = await t.http.get(WHOAMI).set('Authorization', `Bearer ${user.apiKey}`).expect(200);
      expect(bearer.body.username).toBe(user.username);
    });

    it('answers 401 for unknown or malformed keys, and for a disabled user', async () => {
      await t.http.get(WHOAMI).set(auth('dW5rbm93bi1rZXktdmFsdWU')).expect(401);
      await t.http.get(WHOAMI).set(auth('not a key!')).expect(401);
      const user = await createUser(t);
      await t.http.put(`/api/v1/user/${user.id}/disable`).set(auth(t.adminKey)).expect(200);
      const res = await t.http.get(WHOAMI).set(auth(user.apiKey)).expect(401);
      expect(res.body).toEqual({ message: 'Not authenticated' });
    });

    it('opens a session only with X-Concord-EnableSession: true', async () => {
      const user = await createUser(t);
      const without = await t.http.get(WHOAMI).set(auth(user.apiKey)).expect(200);
      expect(setCookies(without)).toEqual([]);
      const withHeader = await t.http
        .get(WHOAMI)
        .set(auth(user.apiKey))
        .set('X-Concord-EnableSession', 'true')
        .expect(200);
      const cookie = sessionCookie(withHeader);
      const bySession = await t.http.get(WHOAMI).set('Cookie', cookieHeader(cookie)).expect(200);
      expect(bySession.body).toMatchObject({ realm: 'session', username: user.username });
    });

    it('answers 401 without any credential, with the challenge for API callers only', async () => {
      const res = await t.http.get(USER_INFO).expect(401);
      expect(res.headers['www-authenticate']).toBeDefined();
      expect(res.body).toEqual({ message: 'Not authenticated' });
      // The console asks for credentials itself: a challenge would make the browser open its own dialog.
      const ui = await t.http.get(USER_INFO).set('X-Concord-UI-Request', 'true').expect(401);
      expect(ui.headers['www-authenticate']).toBeUndefined();
      expect(ui.body).toEqual({ message: 'Not authenticated' });
    });
  });

  describe('console session', () => {
    it('whoami -> cookie-only calls -> logout -> cookie no longer works', async () => {
      const user = await createUser(t, { password: 'round-trip' });
      const login = await t.http
        .get(WHOAMI)
        .set(basic(user.username, 'round-trip'))
        .set('X-Concord-UI-Request', 'true')
        .expect(200);
      const cookie = cookieHeader(sessionCookie(login));

      const info = await t.http.get(USER_INFO).set('Cookie', cookie).set('X-Concord-UI-Request', 'true').expect(200);
      expect(info.body).toEqual({
        id: user.id,
        displayName: user.username,
        teams: [{ orgName: 'Default', teamName: 'default', role: 'MEMBER' }],
      });
      const me = await t.http.get(WHOAMI).set('Cookie', cookie).expect(200);
      expect(me.body.realm).toBe('session');
      expect(setCookies(me)).toEqual([]);

      const out = await t.http.post(LOGOUT).set('Cookie', cookie).expect(204);
      expect(out.text).toBe('');
      const cleared = sessionCookie(out);
      expect(cleared).toMatch(/^JSESSIONID=;/);
      expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);

      await t.http.get(USER_INFO).set('Cookie', cookie).expect(401);
    });

    it('the session cookie beats a different Authorization header', async () => {
      const first = await createUser(t, { password: 'first-pw' });
      const second = await createUser(t);
      const login = await t.http.get(WHOAMI).set(basic(first.username, 'first-pw')).expect(200);
      const res = await t.http
        .get(WHOAMI)
        .set('Cookie', cookieHeader(sessionCookie(login)))
        .set(auth(second.apiKey))
        .expect(200);
      expect(res.body.username).toBe(first.username);
    });

    it('an unknown session cookie falls back to the Authorization header', async () => {
      const user = await createUser(t);
      const res = await t.http.get(WHOAMI).set('Cookie', 'JSESSIONID=bogus').set(auth(user.apiKey)).expect(200);
      expect(res.body.realm).toBe('apikey');
      await t.http.get(USER_INFO).set('Cookie', 'JSESSIONID=bogus').expect(401);
    });

    it('a session ends when its user is disabled', async () => {
      const user = await createUser(t, { password: 'to-disable' });
      const login = await t.http.get(WHOAMI).set(basic(user.username, 'to-disable')).expect(200);
      const cookie = cookieHeader(sessionCookie(login));
      await t.http.get(USER_INFO).set('Cookie', cookie).expect(200);
      await t.http.put(`/api/v1/user/${user.id}/disable`).set(auth(t.adminKey)).expect(200);
      await t.http.get(USER_INFO).set('Cookie', cookie).expect(401);
    });

    it('logout needs no credential', async () => {
      await t.http.post(LOGOUT).expect(204);
    });

    it('userInfo lists roles', async () => {
      const reader = await createUser(t, { roles: ['concordSystemReader'] });
      const res = await t.http.get(USER_INFO).set(auth(reader.apiKey)).expect(200);
      expect(res.body.roles).toEqual(['concordSystemReader']);
    });
  });
});

describe('console session with secure cookies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ STRONGROOM_SECURE_COOKIES: 'true' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('marks the session cookie Secure', async () => {
    const user = await createUser(t, { password: 'secure-pw' });
    const res = await t.http.get(WHOAMI).set(basic(user.username, 'secure-pw')).expect(200);
    expect(sessionCookie(res)).toMatch(/; Secure/);
  });
});
