import type { Test } from 'supertest';
import { addToTeam, auth, basic, createOrg, createUser, TestOrg, TestUser } from '../helpers/factories';
import { uniqueName } from '../helpers/names';
import { loginCookie } from '../helpers/session';
import { useTestApp } from '../helpers/test-app';

const PASSWORD = 'CoNsOlE1PaSs';

/**
 * A request that changes state and is authenticated by the console session cookie alone must carry
 * X-Concord-UI-Request (a cross-site form cannot set headers), and an Origin, when sent, must be the
 * server's own (as the browser saw it, through a trusted proxy) or STRONGROOM_CORS_ORIGIN.
 */
describe('CSRF protection of console sessions', () => {
  let user: TestUser;
  let org: TestOrg;
  let cookie: string;
  // supertest listens on a new port for each request: pin the Host header, which the origin follows.
  const host = 'strongroom.test';

  const t = useTestApp({ STRONGROOM_CORS_ORIGIN: 'https://console.example.com' });
  beforeAll(async () => {
    user = await createUser(t, { password: PASSWORD });
    org = await createOrg(t);
    await addToTeam(t, org.name, 'default', user.id);
    cookie = await loginCookie(t, user.username, PASSWORD);
  });

  const createSecret = (req: Test, name = uniqueName('s')) =>
    req.field('name', name).field('type', 'data').field('data', 'v');
  const secretPath = () => `/api/v1/org/${org.name}/secret`;
  const withCookie = (req: Test) => req.set('Cookie', cookie).set('Host', host);
  const ui = (req: Test) => req.set('X-Concord-UI-Request', 'true');

  describe('refused without X-Concord-UI-Request', () => {
    it('create (a hot route)', async () => {
      const res = await createSecret(withCookie(t.http.post(secretPath()))).expect(403);
      expect(res.text).toContain('X-Concord-UI-Request');
    });

    it('/data (a hot route)', async () => {
      const name = uniqueName('d');
      await createSecret(ui(withCookie(t.http.post(secretPath()))), name).expect(200);
      await withCookie(t.http.post(`${secretPath()}/${name}/data`)).expect(403);
      await ui(withCookie(t.http.post(`${secretPath()}/${name}/data`))).expect(200);
    });

    it('a Nest route (POST, DELETE)', async () => {
      await withCookie(t.http.post(`/api/v1/org/${org.name}/project`))
        .send({ name: uniqueName('p') })
        .expect(403);
      await withCookie(t.http.delete(`${secretPath()}/${uniqueName('x')}`)).expect(403);
    });
  });

  it('lets the console through: the header, no Origin', async () => {
    await createSecret(ui(withCookie(t.http.post(secretPath())))).expect(200);
  });

  it('lets reads through without the header', async () => {
    await withCookie(t.http.get(`/api/v1/org/${org.name}/secret`)).expect(200);
    await withCookie(t.http.get('/api/service/console/userInfo')).expect(200);
  });

  it.each([
    ['a foreign origin', 'https://evil.example'],
    ['the opaque origin of a sandboxed page', 'null'],
    ['the right host on another scheme', 'https://HOST'],
  ])('refuses %s, even with the header', async (_what, origin) => {
    await createSecret(ui(withCookie(t.http.post(secretPath()))).set('Origin', origin.replace('HOST', host))).expect(
      403,
    );
  });

  it("accepts the server's own origin and the configured CORS origin", async () => {
    await createSecret(ui(withCookie(t.http.post(secretPath()))).set('Origin', `http://${host}`)).expect(200);
    await createSecret(ui(withCookie(t.http.post(secretPath()))).set('Origin', 'https://console.example.com')).expect(
      200,
    );
  });

  it('takes the origin the browser saw from a trusted proxy (X-Forwarded-Proto, X-Forwarded-Host)', async () => {
    const forwarded = (req: Test) =>
      req.set('X-Forwarded-Proto', 'https').set('X-Forwarded-Host', 'secrets.example.com');
    await createSecret(
      forwarded(ui(withCookie(t.http.post(secretPath())))).set('Origin', 'https://secrets.example.com'),
    ).expect(200);
    await createSecret(forwarded(ui(withCookie(t.http.post(secretPath())))).set('Origin', `http://${host}`)).expect(
      403,
    );
  });

  it('leaves API keys and Basic alone', async () => {
    await createSecret(t.http.post(secretPath()).set(auth(user.apiKey)).set('Origin', 'https://evil.example')).expect(
      200,
    );
    await createSecret(t.http.post(secretPath()).set(basic(user.username, PASSWORD))).expect(200);
  });
});
