import type { IncomingMessage } from 'node:http';
import type { Test } from 'supertest';
import { HotRoutes } from '../../src/hot-routes/hot-routes';
import { addToTeam, auth, basic, createOrg, createUser, TestOrg, TestUser } from '../helpers/factories';
import { uniqueName } from '../helpers/names';
import { createSecret, Fields } from '../helpers/secrets';
import { useTestApp } from '../helpers/test-app';

/**
 * The hot routes (src/hot-routes) answer GET secret metadata, POST `/data` and POST create straight
 * from the node server; the same URL with a trailing slash is not theirs but Express's non-strict
 * router still maps it to the same Nest handler. Each case sends one request to each form and
 * demands the same answer: status, body and headers (bar the per-request ones).
 */

const VALIDATION = 'application/vnd.concord-validation-errors-v1+json';
const ORIGIN = 'https://ui.strongroom.test';
const MAX_DATA = 1024;
/** Headers that legitimately differ between two requests. */
const PER_REQUEST = new Set(['date', 'x-request-id', 'connection', 'keep-alive']);

interface Raw {
  path: string;
  requestId: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

interface Call {
  method: 'GET' | 'POST';
  key?: string;
  headers?: Record<string, string>;
  /** A multipart body: strings as text parts, Buffers as file parts. */
  fields?: Fields;
}

let requestCounter = 0;
function requestId(): string {
  requestCounter += 1;
  return `hot-parity-${process.pid}-${requestCounter}`;
}

/** The Nest form of a hot path: the same route with a trailing slash. */
function nestForm(path: string): string {
  return `${path}/`;
}

/** A concrete path of a route template, its parameters filled in (URL-encoded as a client sends them). */
function samplePath(template: string, params: Record<string, string>): string {
  return template.replace(/:(\w+)/g, (_, name: string) => params[name] ?? 'x');
}

function fakeRequest(method: string, url: string, headers: Record<string, string> = {}): IncomingMessage {
  return { method, url, headers } as unknown as IncomingMessage;
}

describe('hot routes: parity with the Nest handlers', () => {
  let orgA: TestOrg;
  let orgB: TestOrg;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let project: string;
  const password = 'LoCkEd1PaSsWoRd';

  const t = useTestApp({
    STRONGROOM_MAX_SECRET_DATA_SIZE: String(MAX_DATA),
    STRONGROOM_CORS_ORIGIN: ORIGIN,
    STRONGROOM_ARGON2_MEMORY_KIB: '1024',
    STRONGROOM_ARGON2_ITERATIONS: '1',
  });
  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all([createUser(t), createUser(t), createUser(t)]);
    orgA = await createOrg(t);
    orgB = await createOrg(t);
    await addToTeam(t, orgA.name, 'default', alice.id);
    await addToTeam(t, orgA.name, 'default', bob.id);
    await addToTeam(t, orgB.name, 'default', carol.id);
    project = uniqueName('proj');
    await t.http.post(`/api/v1/org/${orgA.name}/project`).set(auth(t.adminKey)).send({ name: project }).expect(200);

    const make = (org: string, key: string, fields: Fields) => createSecret(t, org, key, fields).expect(200);
    await make(orgA.name, alice.apiKey, { name: 'pub', type: 'data', data: Buffer.from('public-value') });
    await make(orgA.name, alice.apiKey, { name: 'priv', type: 'data', data: 'alice-private', visibility: 'PRIVATE' });
    await make(orgA.name, alice.apiKey, {
      name: 'locked',
      type: 'data',
      data: 'locked-value',
      storePassword: password,
    });
    await make(orgA.name, alice.apiKey, { name: 'creds', type: 'username_password', username: 'u', password: 'p' });
    await make(orgA.name, alice.apiKey, { name: 'scoped', type: 'data', data: 'scoped-value', projects: project });
    await make(orgA.name, alice.apiKey, { name: 'same-name', type: 'data', data: 'org-a-value' });
    await make(orgB.name, carol.apiKey, {
      name: 'same-name',
      type: 'data',
      data: 'org-b-value',
      visibility: 'PRIVATE',
    });
    await make(orgB.name, t.adminKey, {
      name: 'b-private',
      type: 'data',
      data: 'org-b-private',
      visibility: 'PRIVATE',
    });
  });

  function build(path: string, call: Call, id: string): Test {
    let req = call.method === 'GET' ? t.http.get(path) : t.http.post(path);
    req = req.set('X-Request-Id', id).set('Origin', ORIGIN);
    if (call.key !== undefined) req = req.set('Authorization', call.key);
    for (const [name, value] of Object.entries(call.headers ?? {})) req = req.set(name, value);
    for (const [name, value] of Object.entries(call.fields ?? {})) {
      req = Buffer.isBuffer(value) ? req.attach(name, value, `${name}.bin`) : req.field(name, value);
    }
    return req.buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  }

  async function send(path: string, call: Call): Promise<Raw> {
    const id = requestId();
    const res = await build(path, call, id);
    // The caller's well-formed request id is echoed by both paths.
    expect(res.headers['x-request-id']).toBe(id);
    return { path, requestId: id, status: res.status, headers: res.headers, body: res.body as Buffer };
  }

  function comparable(headers: Record<string, string>, dropLength: boolean): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (PER_REQUEST.has(name) || (dropLength && name === 'content-length')) continue;
      out[name] = value;
    }
    return out;
  }

  /**
   * Sends `call` to the hot path and to its Nest form and asserts the same status, body and headers.
   * `sameBody: false` (bodies that carry fresh ids) compares the JSON keys instead, and not the length.
   */
  async function parity(path: string, call: Call, opts: { sameBody?: boolean } = {}): Promise<{ hot: Raw; nest: Raw }> {
    const sameBody = opts.sameBody ?? true;
    expect(hotRoutes().match(fakeRequest(call.method, path))).not.toBeNull();
    expect(hotRoutes().match(fakeRequest(call.method, nestForm(path)))).toBeNull();
    const hot = await send(path, call);
    const nest = await send(nestForm(path), call);
    const view = (r: Raw) => ({ status: r.status, body: r.body.toString('utf8') });
    expect({ path, status: hot.status }).toEqual({ path, status: nest.status });
    if (sameBody) {
      expect(view(hot)).toEqual(view(nest));
    } else {
      expect(Object.keys(JSON.parse(hot.body.toString('utf8'))).sort()).toEqual(
        Object.keys(JSON.parse(nest.body.toString('utf8'))).sort(),
      );
    }
    expect(comparable(hot.headers, !sameBody)).toEqual(comparable(nest.headers, !sameBody));
    return { hot, nest };
  }

  const metadataPath = (version: 1 | 2, org: string, name: string) => `/api/v${version}/org/${org}/secret/${name}`;
  const dataPath = (org: string, name: string) => `/api/v1/org/${org}/secret/${name}/data`;
  const createPath = (org: string) => `/api/v1/org/${org}/secret`;

  /** The access-log lines of one request (msg "request", its id). */
  function accessLines(id: string): Record<string, unknown>[] {
    return t.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((e) => e.msg === 'request' && e.context === 'http' && e.requestId === id);
  }

  /** Waits (bounded) for a request's access-log line, then gives any second line a moment to show. */
  async function settledAccessLines(id: string): Promise<Record<string, unknown>[]> {
    for (let i = 0; i < 40 && accessLines(id).length === 0; i++) await sleep(25);
    await sleep(50);
    return accessLines(id);
  }

  async function accessEvents(
    secretId: string,
  ): Promise<{ details: Record<string, unknown>; user?: { id: string } }[]> {
    const res = await t.http
      .get('/api/v1/audit')
      .query({ object: 'SECRET', action: 'ACCESS', 'details.secretId': secretId, limit: 1000 })
      .set(auth(t.adminKey))
      .expect(200);
    return res.body;
  }

  async function secretId(org: string, name: string): Promise<string> {
    const res = await t.http
      .get(metadataPath(2, org, name))
      .set(auth(t.adminKey))
      .expect(200);
    return res.body.id as string;
  }

  const hotRoutes = () => t.app.get(HotRoutes);

  describe('the table discovered from the @HotRoute() handlers', () => {
    it('holds the three hot endpoints (metadata on v1 and v2, /data, create)', () => {
      const table = hotRoutes().table.map((r) => `${r.method} ${r.template}`);
      expect(table.sort()).toEqual([
        'GET /api/v1/org/:orgName/secret/:secretName',
        'GET /api/v2/org/:orgName/secret/:secretName',
        'POST /api/v1/org/:orgName/secret',
        'POST /api/v1/org/:orgName/secret/:secretName/data',
      ]);
    });

    it('takes only the plain form: exact path, no trailing slash, a multipart body only where a form is read', () => {
      const multipartType = { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '10' };
      const jsonType = { 'content-type': 'application/json', 'content-length': '2' };
      for (const route of hotRoutes().table) {
        const path = samplePath(route.template, { orgName: 'o%20x', secretName: 's' });
        const found = hotRoutes().match(fakeRequest(route.method, path));
        expect(found?.route).toBe(route);
        expect(found?.params).toEqual(
          route.template.includes(':secretName') ? { orgName: 'o x', secretName: 's' } : { orgName: 'o x' },
        );
        expect(hotRoutes().match(fakeRequest(route.method, nestForm(path)))).toBeNull();
        expect(hotRoutes().match(fakeRequest(route.method, path.toUpperCase()))).toBeNull();
        expect(hotRoutes().match(fakeRequest(route.method, `${path}%E0%A4%A`))).toBeNull();
        expect(hotRoutes().match(fakeRequest('HEAD', path))).toBeNull();
        expect(hotRoutes().match(fakeRequest(route.method, path, jsonType))).toBeNull();
        expect(hotRoutes().match(fakeRequest(route.method, path, multipartType))?.route ?? null).toBe(
          route.readsForm ? route : null,
        );
      }
    });

    it('answers like Nest on every discovered route: no credentials, a missing org, a member', async () => {
      const table = hotRoutes().table;
      expect(table.length).toBeGreaterThan(0);
      for (const route of table) {
        const call = (key?: string): Call => ({ method: route.method, key, fields: route.readsForm ? {} : undefined });
        const existing = samplePath(route.template, { orgName: orgA.name, secretName: 'pub' });
        const missingOrg = samplePath(route.template, { orgName: uniqueName('no-org'), secretName: 'pub' });
        expect((await parity(existing, call())).hot.status).toBe(401);
        expect((await parity(missingOrg, call(bob.apiKey))).hot.status).toBeGreaterThanOrEqual(400);
        const member = await parity(existing, call(bob.apiKey));
        // create without a name is refused; the reads answer the public secret
        expect(member.hot.status).toBe(route.template.endsWith('/secret') ? 400 : 200);
      }
    });
  });

  describe('metadata (GET /api/v1|v2/org/{org}/secret/{name})', () => {
    it('answers the same entry on v1 and v2', async () => {
      for (const version of [1, 2] as const) {
        const { hot } = await parity(metadataPath(version, orgA.name, 'pub'), { method: 'GET', key: bob.apiKey });
        expect(hot.status).toBe(200);
        expect(hot.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(hot.headers['access-control-allow-origin']).toBe(ORIGIN);
        expect(JSON.parse(hot.body.toString())).toMatchObject({ name: 'pub', orgName: orgA.name, type: 'DATA' });
      }
    });

    it('answers the same for Basic credentials', async () => {
      const user = await createUser(t, { password: 'BaSiC1uSeR' });
      await addToTeam(t, orgA.name, 'default', user.id);
      const { hot } = await parity(metadataPath(2, orgA.name, 'pub'), {
        method: 'GET',
        headers: basic(user.username, 'BaSiC1uSeR'),
      });
      expect(hot.status).toBe(200);
    });

    it('answers 400 (validation JSON) for a missing org', async () => {
      const org = uniqueName('no-org');
      const { hot } = await parity(metadataPath(2, org, 'pub'), { method: 'GET', key: bob.apiKey });
      expect(hot.status).toBe(400);
      expect(hot.headers['content-type']).toContain(VALIDATION);
      expect(JSON.parse(hot.body.toString())).toEqual([{ id: '*', message: `Organization not found: ${org}` }]);
    });

    it('answers an empty 404 for a missing secret', async () => {
      const { hot } = await parity(metadataPath(1, orgA.name, 'no-such-secret'), { method: 'GET', key: bob.apiKey });
      expect(hot.status).toBe(404);
      expect(hot.body.length).toBe(0);
    });

    it('answers 401 with the challenge without credentials', async () => {
      const { hot } = await parity(metadataPath(2, orgA.name, 'pub'), { method: 'GET' });
      expect(hot.status).toBe(401);
      expect(hot.headers['www-authenticate']).toContain('ConcordApiToken');
      expect(JSON.parse(hot.body.toString())).toEqual({ message: 'Not authenticated' });
    });

    it('answers 401 for an unknown API key and for wrong Basic credentials', async () => {
      const bad = await parity(metadataPath(2, orgA.name, 'pub'), { method: 'GET', key: 'AAAAAAAAAAAAAAAAAAAAAA' });
      expect(bad.hot.status).toBe(401);
      const garbage = await parity(metadataPath(2, orgA.name, 'pub'), { method: 'GET', key: 'not a key!' });
      expect(garbage.hot.status).toBe(401);
      const wrong = await parity(metadataPath(2, orgA.name, 'pub'), {
        method: 'GET',
        headers: basic(uniqueName('ghost'), 'WrOnG1pAsS'),
      });
      expect(wrong.hot.status).toBe(401);
      expect(wrong.hot.headers['www-authenticate']).toContain('Basic');
    });

    it("answers the same to a member reading another user's PRIVATE secret", async () => {
      const { hot } = await parity(metadataPath(2, orgA.name, 'priv'), { method: 'GET', key: bob.apiKey });
      expect(hot.status).toBe(403);
      expect(hot.body.toString()).not.toContain('alice-private');
      // ...and the owner does read it.
      expect((await parity(metadataPath(2, orgA.name, 'priv'), { method: 'GET', key: alice.apiKey })).hot.status).toBe(
        200,
      );
    });
  });

  describe('value reads (POST /api/v1/org/{org}/secret/{name}/data)', () => {
    it('answers the bytes of a server-key secret, with the type and no-store', async () => {
      const { hot } = await parity(dataPath(orgA.name, 'pub'), { method: 'POST', key: bob.apiKey });
      expect(hot.status).toBe(200);
      expect(hot.body.toString()).toBe('public-value');
      expect(hot.headers['content-type']).toBe('application/octet-stream');
      expect(hot.headers['x-concord-secrettype']).toBe('DATA');
      expect(hot.headers['cache-control']).toBe('no-store');
      expect(hot.headers['content-length']).toBe(String('public-value'.length));
    });

    it('answers the same for a USERNAME_PASSWORD secret and an empty multipart body', async () => {
      const { hot } = await parity(dataPath(orgA.name, 'creds'), {
        method: 'POST',
        key: bob.apiKey,
        fields: { storePassword: '' },
      });
      expect(hot.status).toBe(200);
      expect(hot.headers['x-concord-secrettype']).toBe('USERNAME_PASSWORD');
    });

    it('answers 400 for a password secret without its password and with a wrong one; 200 with the right one', async () => {
      const missing = await parity(dataPath(orgA.name, 'locked'), { method: 'POST', key: bob.apiKey });
      expect(missing.hot.status).toBe(400);
      expect(missing.hot.body.toString()).toBe(
        "Error while fetching a secret 'locked': The secret 'locked' requires a password to decrypt",
      );
      const wrong = await parity(dataPath(orgA.name, 'locked'), {
        method: 'POST',
        key: bob.apiKey,
        fields: { storePassword: 'WrOnG1pAsSwOrD' },
      });
      expect(wrong.hot.status).toBe(400);
      expect(wrong.hot.body.toString()).toMatch(/Invalid input data and\/or a password/);
      const right = await parity(dataPath(orgA.name, 'locked'), {
        method: 'POST',
        key: bob.apiKey,
        fields: { storePassword: password },
      });
      expect(right.hot.status).toBe(200);
      expect(right.hot.body.toString()).toBe('locked-value');
    });

    it('answers 400 for a store password on a server-key secret', async () => {
      const { hot } = await parity(dataPath(orgA.name, 'pub'), {
        method: 'POST',
        key: bob.apiKey,
        fields: { storePassword: password },
      });
      expect(hot.status).toBe(400);
      expect(hot.body.toString()).toMatch(/Not a password-protected secret/);
    });

    it('answers 403 for a project-scoped secret read with a plain key, 404, 400 and 401 as metadata does', async () => {
      const scoped = await parity(dataPath(orgA.name, 'scoped'), { method: 'POST', key: bob.apiKey });
      expect(scoped.hot.status).toBe(403);
      expect(scoped.hot.body.toString()).not.toContain('scoped-value');
      expect((await parity(dataPath(orgA.name, 'nope-nope'), { method: 'POST', key: bob.apiKey })).hot.status).toBe(
        404,
      );
      expect((await parity(dataPath(uniqueName('org'), 'pub'), { method: 'POST', key: bob.apiKey })).hot.status).toBe(
        400,
      );
      expect((await parity(dataPath(orgA.name, 'pub'), { method: 'POST' })).hot.status).toBe(401);
      expect(
        (await parity(dataPath(orgA.name, 'pub'), { method: 'POST', key: 'AAAAAAAAAAAAAAAAAAAAAA' })).hot.status,
      ).toBe(401);
      expect((await parity(dataPath(orgA.name, 'priv'), { method: 'POST', key: bob.apiKey })).hot.status).toBe(403);
    });

    it('answers 413 for a store password part over the size limit', async () => {
      const { hot } = await parity(dataPath(orgA.name, 'locked'), {
        method: 'POST',
        key: bob.apiKey,
        fields: { storePassword: 'Ab'.repeat(MAX_DATA) },
      });
      expect(hot.status).toBe(413);
    });

    it('records one ACCESS audit event per read, the same on both paths', async () => {
      const id = await secretId(orgA.name, 'pub');
      const { hot, nest } = await parity(dataPath(orgA.name, 'pub'), {
        method: 'POST',
        key: bob.apiKey,
        headers: { 'X-Forwarded-For': '203.0.113.7' },
      });
      expect(hot.status).toBe(200);
      const events = await accessEvents(id);
      const of = (r: Raw) => events.filter((e) => e.details.requestId === r.requestId);
      expect(of(hot)).toHaveLength(1);
      expect(of(nest)).toHaveLength(1);
      const [fromHot] = of(hot);
      const [fromNest] = of(nest);
      expect(fromHot.details).toMatchObject({
        orgId: orgA.id,
        secretId: id,
        name: 'pub',
        type: 'DATA',
        scope: { name: 'apiAccess' },
        actionSource: { type: 'API_REQUEST' },
      });
      expect(fromHot.user?.id).toBe(bob.id);
      const { requestId: _h, ...hotRest } = fromHot.details;
      const { requestId: _n, ...nestRest } = fromNest.details;
      expect(hotRest).toEqual(nestRest);
      expect(fromHot.user).toEqual(fromNest.user);
    });

    it('records no ACCESS event for a refused read', async () => {
      const id = await secretId(orgA.name, 'locked');
      const { hot, nest } = await parity(dataPath(orgA.name, 'locked'), {
        method: 'POST',
        key: bob.apiKey,
        fields: { storePassword: 'WrOnG1pAsSwOrD' },
      });
      expect(hot.status).toBe(400);
      const events = await accessEvents(id);
      expect(events.filter((e) => [hot.requestId, nest.requestId].includes(e.details.requestId as string))).toEqual([]);
    });
  });

  describe('create (POST /api/v1/org/{org}/secret)', () => {
    it('creates on both paths with the same answer shape', async () => {
      const hotName = uniqueName('made-hot');
      const nestName = uniqueName('made-nest');
      const fields = (name: string): Fields => ({ name, type: 'data', data: Buffer.from(`value of ${name}`) });
      const hot = await send(createPath(orgA.name), { method: 'POST', key: alice.apiKey, fields: fields(hotName) });
      const nest = await send(nestForm(createPath(orgA.name)), {
        method: 'POST',
        key: alice.apiKey,
        fields: fields(nestName),
      });
      expect(hot.status).toBe(200);
      expect(nest.status).toBe(200);
      const hotBody = JSON.parse(hot.body.toString());
      const nestBody = JSON.parse(nest.body.toString());
      expect(hotBody).toEqual({ ok: true, id: expect.any(String), result: 'CREATED' });
      expect(Object.keys(hotBody).sort()).toEqual(Object.keys(nestBody).sort());
      expect(nestBody).toEqual({ ok: true, id: expect.any(String), result: 'CREATED' });
      expect(hotBody.id).not.toBe(nestBody.id);
      expect(comparable(hot.headers, true)).toEqual(comparable(nest.headers, true));
      // Both secrets exist and read back what was sent.
      for (const name of [hotName, nestName]) {
        const read = await send(dataPath(orgA.name, name), { method: 'POST', key: alice.apiKey });
        expect(read.body.toString()).toBe(`value of ${name}`);
      }
      const meta = await parity(metadataPath(2, orgA.name, hotName), { method: 'GET', key: alice.apiKey });
      expect(JSON.parse(meta.hot.body.toString())).toMatchObject({ id: hotBody.id, name: hotName });
    });

    it('refuses a duplicate name with the same 400', async () => {
      const { hot } = await parity(createPath(orgA.name), {
        method: 'POST',
        key: alice.apiKey,
        fields: { name: 'pub', type: 'data', data: 'again' },
      });
      expect(hot.status).toBe(400);
      expect(JSON.parse(hot.body.toString())).toEqual([{ id: '*', message: 'Secret already exists: pub' }]);
    });

    it('refuses a bad name with the same 400', async () => {
      const { hot } = await parity(createPath(orgA.name), {
        method: 'POST',
        key: alice.apiKey,
        fields: { name: '-x', type: 'data', data: 'x' },
      });
      expect(hot.status).toBe(400);
      expect(hot.headers['content-type']).toContain(VALIDATION);
    });

    it('refuses a part over the size limit with the same 413, and writes nothing', async () => {
      const name = uniqueName('big');
      const { hot } = await parity(createPath(orgA.name), {
        method: 'POST',
        key: alice.apiKey,
        fields: { name, type: 'data', data: Buffer.alloc(MAX_DATA + 1, 1) },
      });
      expect(hot.status).toBe(413);
      expect(hot.body.toString()).toMatch(/exceeds the size limit/);
      await t.http
        .get(metadataPath(2, orgA.name, name))
        .set(auth(alice.apiKey))
        .expect(404);
    });

    it('answers the same 400, 401 and 403 for a missing org, no credentials and a non-member', async () => {
      const fields = { name: uniqueName('never'), type: 'data', data: 'x' };
      const missing = await parity(createPath(uniqueName('org')), { method: 'POST', key: alice.apiKey, fields });
      expect(missing.hot.status).toBe(400);
      const anonymous = await parity(createPath(orgA.name), { method: 'POST', fields });
      expect(anonymous.hot.status).toBe(401);
      const outsider = await parity(createPath(orgA.name), { method: 'POST', key: carol.apiKey, fields });
      expect(outsider.hot.status).toBe(403);
      await t.http
        .get(metadataPath(2, orgA.name, fields.name))
        .set(auth(t.adminKey))
        .expect(404);
    });
  });

  describe('isolation between orgs', () => {
    it("never reads another org's PRIVATE secret through the hot routes", async () => {
      const bPrivateId = await secretId(orgB.name, 'b-private');
      const sameNameBId = await secretId(orgB.name, 'same-name');
      const before = [...(await accessEvents(bPrivateId)), ...(await accessEvents(sameNameBId))].length;

      for (const name of ['b-private', 'same-name']) {
        for (const version of [1, 2] as const) {
          const meta = await send(metadataPath(version, orgB.name, name), { method: 'GET', key: alice.apiKey });
          expect({ name, status: meta.status }).toEqual({ name, status: 403 });
          expect(meta.body.toString()).not.toMatch(/org-b/);
        }
        const data = await send(dataPath(orgB.name, name), { method: 'POST', key: alice.apiKey });
        expect({ name, status: data.status }).toEqual({ name, status: 403 });
        expect(data.body.toString()).not.toMatch(/org-b/);
      }
      // The same name in the caller's own org is that org's secret.
      const own = await send(dataPath(orgA.name, 'same-name'), { method: 'POST', key: alice.apiKey });
      expect(own.body.toString()).toBe('org-a-value');
      // Org B's own member reads it.
      const member = await send(dataPath(orgB.name, 'same-name'), { method: 'POST', key: carol.apiKey });
      expect(member.body.toString()).toBe('org-b-value');

      const after = [...(await accessEvents(bPrivateId)), ...(await accessEvents(sameNameBId))];
      expect(after.length - before).toBe(1);
      expect(after.some((e) => e.user?.id === alice.id)).toBe(false);
    });

    it('does not create in another org through the hot route', async () => {
      const name = uniqueName('intruder');
      const res = await send(createPath(orgB.name), {
        method: 'POST',
        key: alice.apiKey,
        fields: { name, type: 'data', data: 'x' },
      });
      expect(res.status).toBe(403);
      await t.http
        .get(metadataPath(2, orgB.name, name))
        .set(auth(t.adminKey))
        .expect(404);
    });
  });

  describe('access log', () => {
    it('writes exactly one line per hot-route request, as the Nest path does', async () => {
      const calls: [string, Call, number][] = [
        [metadataPath(2, orgA.name, 'pub'), { method: 'GET', key: bob.apiKey }, 200],
        [metadataPath(1, orgA.name, 'nope-nope'), { method: 'GET', key: bob.apiKey }, 404],
        [metadataPath(2, orgA.name, 'pub'), { method: 'GET' }, 401],
        [dataPath(orgA.name, 'pub'), { method: 'POST', key: bob.apiKey }, 200],
        [dataPath(orgA.name, 'locked'), { method: 'POST', key: bob.apiKey, fields: { storePassword: password } }, 200],
        [dataPath(orgA.name, 'priv'), { method: 'POST', key: bob.apiKey }, 403],
        [
          createPath(orgA.name),
          { method: 'POST', key: alice.apiKey, fields: { name: uniqueName('logged'), type: 'data', data: 'x' } },
          200,
        ],
        [
          createPath(orgA.name),
          { method: 'POST', key: alice.apiKey, fields: { name: 'x', type: 'data', data: Buffer.alloc(MAX_DATA + 1) } },
          413,
        ],
      ];
      for (const [path, call, status] of calls) {
        for (const form of [path, nestForm(path)]) {
          if (form !== path && call.fields?.name && typeof call.fields.name === 'string' && status === 200) {
            call.fields = { ...call.fields, name: uniqueName('logged') };
          }
          const res = await send(form, call);
          expect({ form, status: res.status }).toEqual({ form, status });
          const lines = await settledAccessLines(res.requestId);
          expect({ form, lines: lines.length }).toEqual({ form, lines: 1 });
          expect(lines[0]).toMatchObject({ level: 'info', method: call.method, path: form, status });
          const caller = call.key === bob.apiKey ? bob.id : call.key === alice.apiKey ? alice.id : undefined;
          if (status !== 401) expect(lines[0].userId).toBe(caller);
          else expect(lines[0].userId).toBeUndefined();
        }
      }
    });
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
