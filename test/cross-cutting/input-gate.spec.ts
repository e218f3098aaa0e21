import type { Response } from 'supertest';
import { useTestApp } from '../helpers/test-app';
import { auth, basic, createOrg, createUser } from '../helpers/factories';
import { bodyBytes, createSecret, readSecretData, usernamePasswordBytes } from '../helpers/secrets';
import { uniqueName } from '../helpers/names';
import { parseRaw, rawExchange } from '../helpers/raw-http';

const VALIDATION = 'application/vnd.concord-validation-errors-v1+json';

/** A 400 in Concord's validation shape whose first error names `id`. */
function expectNamed(res: Response, id: string): void {
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toContain(VALIDATION);
  const errors = JSON.parse(res.text) as { id: string; message: string }[];
  expect(errors[0]).toEqual({ id, message: expect.stringMatching(/control character \(U\+00[01][0-9A-F]\)/) });
}

/**
 * Control characters (NUL and the other C0 controls) are refused once, before routing, wherever a
 * request carries text: path, query, headers, cookies, Basic logins, and JSON and multipart fields.
 * Identifiers refuse them all; free text allows tab, CR and LF; secret payloads are never filtered.
 */
describe('input gate: control characters', () => {
  let org: string;
  let owner: { id: string; apiKey: string; username: string };

  const t = useTestApp({ STRONGROOM_ARGON2_MEMORY_KIB: '1024', STRONGROOM_ARGON2_ITERATIONS: '1' });
  beforeAll(async () => {
    owner = await createUser(t);
    org = (await createOrg(t, { owner: { id: owner.id } })).name;
  });

  describe('in what every request carries', () => {
    it.each([
      ['a Nest route', 'GET', (o: string) => `/api/v1/org/${o}/team/bad%00name`, 'teamName'],
      ['the hot metadata route', 'GET', (o: string) => `/api/v2/org/${o}/secret/x%00y`, 'secretName'],
      ['the hot /data route', 'POST', (o: string) => `/api/v1/org/${o}/secret/x%01y/data`, 'secretName'],
      ['the hot create route', 'POST', () => `/api/v1/org/a%1Fb/secret`, 'orgName'],
      ['a path no route has', 'GET', () => `/api/v1/nothing/x%00`, 'path'],
    ])('refuses a control character in a path parameter of %s, naming it', async (_what, method, path, id) => {
      const req = method === 'GET' ? t.http.get(path(org)) : t.http.post(path(org));
      expectNamed(await req.set(auth(owner.apiKey)), id);
    });

    it('refuses it before authentication too', async () => {
      expectNamed(await t.http.get(`/api/v1/org/${org}/team/a%00b`), 'teamName');
    });

    it('refuses a control character in a query parameter, naming it', async () => {
      expectNamed(await t.http.get(`/api/v2/org/${org}/secret?filter=a%00b`).set(auth(owner.apiKey)), 'filter');
      expectNamed(await t.http.get(`/api/v2/org/${org}/secret?limit=1&offset=%0A`).set(auth(owner.apiKey)), 'offset');
    });

    it('refuses a malformed percent-encoding in the path', async () => {
      const res = await t.http.get(`/api/v1/org/%E0%A4%A`).set(auth(owner.apiKey));
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text)).toEqual([{ id: 'path', message: expect.stringMatching(/percent-encoding/) }]);
    });

    it('refuses a control character in the login of Basic credentials; the password is not filtered', async () => {
      expectNamed(await t.http.get('/api/service/console/whoami').set(basic('ali\u0000ce', 'x')), 'username');
      const password = 'Tab\there-and-\u0001-SOH';
      const user = await createUser(t, { password });
      await t.http.get('/api/service/console/whoami').set(basic(user.username, password)).expect(200);
    });

    it('refuses a control character in a cookie', async () => {
      expectNamed(await t.http.get('/api/service/console/whoami').set('Cookie', 'JSESSIONID=a%00b'), 'JSESSIONID');
    });

    it('answers a header holding a control character (which node refuses to parse) in the same shape', async () => {
      const server = t.app.getHttpServer();
      if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const port = (server.address() as { port: number }).port;
      const raw = await rawExchange(port, `GET /api/v1/server/ping HTTP/1.1\r\nHost: x\r\nX-Thing: a\u0001b\r\n\r\n`);
      const answer = parseRaw(raw.text);
      expect(answer.status).toBe(400);
      expect(answer.headers).toContain(VALIDATION);
      expect(JSON.parse(answer.body)).toEqual([{ id: 'headers', message: expect.stringMatching(/control character/) }]);
      expect(raw.closed).toBe(true);
    });
  });

  describe('in JSON bodies', () => {
    it('refuses NUL anywhere in free text, naming the field (also nested, where it would reach jsonb)', async () => {
      const team = (body: object) => t.http.post(`/api/v1/org/${org}/team`).set(auth(owner.apiKey)).send(body);
      expectNamed(await team({ name: uniqueName('team'), description: 'a\u0000b' }), 'description');
      const project = { name: uniqueName('proj'), meta: { deep: ['ok', 'bad\u0000'] } };
      expectNamed(
        await t.http.post(`/api/v1/org/${org}/project`).set(auth(owner.apiKey)).send(project),
        'meta.deep[1]',
      );
      expectNamed(await team({ name: uniqueName('team'), description: 'bell\u0007' }), 'description');
    });

    it('keeps tab, CR and LF in free text', async () => {
      const name = uniqueName('team');
      const description = 'line one\r\n\tline two\n';
      await t.http.post(`/api/v1/org/${org}/team`).set(auth(owner.apiKey)).send({ name, description }).expect(200);
      const got = await t.http.get(`/api/v1/org/${org}/team/${name}`).set(auth(owner.apiKey)).expect(200);
      expect(got.body.description).toBe(description);
    });

    it('refuses tab, CR and LF in identifiers (usernames, roles, team names in rules)', async () => {
      const admin = auth(t.adminKey);
      expectNamed(
        await t.http.post('/api/v1/user').set(admin).send({ username: 'tab\tuser', type: 'LOCAL' }),
        'username',
      );
      const roles = { username: uniqueName('user'), type: 'LOCAL', roles: ['concordSystemReader\n'] };
      expectNamed(await t.http.post('/api/v1/user').set(admin).send(roles), 'roles');
      const secret = uniqueName('s');
      await createSecret(t, org, owner.apiKey, { name: secret, type: 'data', data: 'v' }).expect(200);
      const rule = { teamName: 'default\r', level: 'READER' };
      const res = await t.http.post(`/api/v1/org/${org}/secret/${secret}/access`).set(auth(owner.apiKey)).send(rule);
      expectNamed(res, 'teamName');
    });

    it('never filters secret payloads: a store password with control characters works (v1 JSON update)', async () => {
      const name = uniqueName('s');
      const first = 'First1\u0001PaSs\u0007';
      await createSecret(t, org, owner.apiKey, { name, type: 'data', data: 'v', storePassword: first }).expect(200);
      const next = 'Next2\u0000PaSs\u001F';
      await t.http
        .post(`/api/v1/org/${org}/secret/${name}`)
        .set(auth(owner.apiKey))
        .send({ storePassword: first, newStorePassword: next })
        .expect(200);
      expect(bodyBytes(await readSecretData(t, org, name, owner.apiKey, next).expect(200)).toString()).toBe('v');
    });
  });

  describe('in multipart forms', () => {
    it('refuses a control character in an identifier field, naming it', async () => {
      const create = (fields: Record<string, string>) =>
        createSecret(t, org, owner.apiKey, { type: 'data', data: 'v', ...fields });
      expectNamed(await create({ name: 'bad\u0001name' }), 'name');
      expectNamed(await create({ name: uniqueName('s'), visibility: 'PUBLIC\u0000' }), 'visibility');
      expectNamed(await create({ name: uniqueName('s'), projects: 'a,\u0000b' }), 'projects');
    });

    it('keeps payloads byte for byte: data, username and password with NUL and controls', async () => {
      const data = Buffer.from([0, 1, 2, 0x1f, 0x7f, 0, 0xff]);
      const dataName = uniqueName('s');
      await createSecret(t, org, owner.apiKey, { name: dataName, type: 'data', data }).expect(200);
      expect(bodyBytes(await readSecretData(t, org, dataName, owner.apiKey).expect(200))).toEqual(data);

      const credsName = uniqueName('s');
      const username = 'us\u0001er';
      const password = 'pa\u0000ss\tword';
      await createSecret(t, org, owner.apiKey, {
        name: credsName,
        type: 'username_password',
        username,
        password,
      }).expect(200);
      const read = await readSecretData(t, org, credsName, owner.apiKey).expect(200);
      expect(bodyBytes(read)).toEqual(usernamePasswordBytes(username, password));
    });
  });
});
