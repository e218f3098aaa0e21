import * as crypto from 'node:crypto';
import { addToTeam, auth, createOrg, createUser } from '../helpers/factories';
import { auditRows, ciFixture, CiFixture, createIntegration } from '../helpers/ci-fixtures';
import { droneHeaders } from '../helpers/ci-signing';
import { TestApp, startTestApp } from '../helpers/test-app';

/** The seed's request body (drone-global-secrets-endpoint.md, second example: valid JSON). */
const seedBody = (event = 'push', repoName = 'hello-world') => ({
  action: 'created',
  repo: {
    id: 1,
    owner: 'octocat',
    name: repoName,
    full_name: `octocat/${repoName}`,
    clone_url: 'https://github.com/octocat/hello-world.git',
    default_branch: 'master',
  },
  build: {
    id: 1,
    number: 1,
    event,
    status: 'pending',
    commit: '2deb7e0d0cbac357eeb110c8a2f2f32ce037e0d5',
    branch: 'master',
    ref: 'refs/heads/master',
    author: 'Spaceghost',
    author_email: 'octocat@github.com',
  },
});

/** The seed's first example, verbatim: a comma is missing after "status": "pending". */
const SEED_INVALID_JSON = `{
  "action": "created",
  "repo": {
    "id": 1,
    "owner": "octocat",
    "name": "hello-world",
    "full_name": "octocat/hello-world",
    "clone_url": "https://github.com/octocat/hello-world.git",
    "default_branch": "master"
  },
  "build": {
    "id": 1,
    "number": 1,
    "event": "push",
    "status": "pending"
    "commit": "2deb7e0d0cbac357eeb110c8a2f2f32ce037e0d5",
    "branch": "master",
    "ref": "refs/heads/master",
    "author": "Spaceghost",
    "author_email": "octocat@github.com"
  }
}`;

describe('integrations: management', () => {
  let t: TestApp;
  let f: CiFixture;
  beforeAll(async () => {
    t = await startTestApp();
    f = await ciFixture(t);
  });
  afterAll(() => t.close());

  it('creates a drone-legacy integration: the token is shown once, in the endpoint, never listed', async () => {
    const res = await t.http
      .post(`/api/v1/org/${f.org.name}/integration`)
      .set(auth(f.owner.apiKey))
      .send({ name: 'drone08', kind: 'drone-legacy' })
      .expect(200);
    expect(res.body).toEqual({
      ok: true,
      result: 'CREATED',
      id: expect.any(String),
      name: 'drone08',
      kind: 'drone-legacy',
      endpoint: `/api/ext/drone-legacy/${res.body.id}/${res.body.token}`,
      token: expect.any(String),
    });
    expect(res.body.token.length).toBeGreaterThanOrEqual(32);
    const list = await t.http.get(`/api/v1/org/${f.org.name}/integration`).set(auth(f.owner.apiKey)).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);
    expect(list.body).toEqual([
      expect.objectContaining({ name: 'drone08', endpoint: `/api/ext/drone-legacy/${res.body.id}/{token}` }),
    ]);
    const one = await t.http.get(`/api/v1/org/${f.org.name}/integration/drone08`).set(auth(f.owner.apiKey)).expect(200);
    expect(one.body.token).toBeUndefined();
    await t.http
      .post(`/api/v1/org/${f.org.name}/integration`)
      .set(auth(f.owner.apiKey))
      .send({ name: 'drone08', kind: 'drone-legacy' })
      .expect(400);
  });

  it('is for org owners and admins only', async () => {
    const member = await createUser(t);
    await addToTeam(t, f.org.name, 'default', member.id, 'MEMBER');
    const res = await t.http
      .post(`/api/v1/org/${f.org.name}/integration`)
      .set(auth(member.apiKey))
      .send({ name: 'nope', kind: 'drone' })
      .expect(403);
    expect(res.text).toMatch(/owners of the organization/);
    await t.http.get(`/api/v1/org/${f.org.name}/integration`).set(auth(member.apiKey)).expect(403);
    const teamOwner = await createUser(t);
    await addToTeam(t, f.org.name, 'default', teamOwner.id, 'OWNER');
    await t.http
      .post(`/api/v1/org/${f.org.name}/integration`)
      .set(auth(teamOwner.apiKey))
      .send({ name: 'by-team-owner', kind: 'drone' })
      .expect(200);
  });

  it('validates kinds and keys, and deletes', async () => {
    const post = (body: object) =>
      t.http.post(`/api/v1/org/${f.org.name}/integration`).set(auth(t.adminKey)).send(body);
    await post({ name: 'int-x1', kind: 'jenkins' }).expect(400);
    const noKey = await post({ name: 'int-x2', kind: 'woodpecker' }).expect(400);
    expect(noKey.text).toContain('publicKey');
    const rsa = crypto
      .generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' });
    await post({ name: 'int-x3', kind: 'woodpecker', publicKey: rsa.toString() }).expect(400);
    await post({ name: 'int-x4', kind: 'drone', teamName: 'no-such-team' }).expect(400);
    await post({ name: 'int-x5', kind: 'drone' }).expect(200);
    await t.http.delete(`/api/v1/org/${f.org.name}/integration/int-x5`).set(auth(t.adminKey)).expect(200);
    await t.http.get(`/api/v1/org/${f.org.name}/integration/int-x5`).set(auth(t.adminKey)).expect(404);
  });

  it('shows the CI lists (events, images) in the secret metadata JSON', async () => {
    const res = await t.http.get(`/api/v1/org/${f.org.name}/secret/docker_password`).set(auth(t.adminKey)).expect(200);
    expect(res.body).toEqual(expect.objectContaining({ events: ['push', 'tag'], images: ['plugins/docker'] }));
  });
});

describe('Drone 0.8 global secrets endpoint', () => {
  let t: TestApp;
  let f: CiFixture;
  let endpoint: string;
  let id: string;
  beforeAll(async () => {
    t = await startTestApp();
    f = await ciFixture(t);
    const created = await createIntegration(t, f.org.name, f.owner.apiKey, { name: 'drone08', kind: 'drone-legacy' });
    endpoint = created.endpoint;
    id = created.id;
  });
  afterAll(() => t.close());

  it("answers the seed's request with the org-wide and the repo project's secrets for the event", async () => {
    const res = await t.http.post(endpoint).set('Content-Type', 'application/json').send(seedBody()).expect(200);
    expect(res.body).toEqual([
      { name: 'any_event', value: 'everywhere', event: [], image: [] },
      { name: 'creds_username', value: 'bob', event: [], image: [] },
      { name: 'creds_password', value: 'bobpw', event: [], image: [] },
      { name: 'docker_password', value: 'dockerpw', event: ['push', 'tag'], image: ['plugins/docker'] },
      { name: 'hw_only', value: 'hello-world-only', event: [], image: [] },
    ]);
    const audited = await auditRows(t, 'SECRET', id);
    expect(audited.map((d) => d.name).sort()).toEqual(['any_event', 'creds', 'docker_password', 'hw_only']);
  });

  it('filters by build.event (glob patterns) and scopes by repository', async () => {
    const deploy = await t.http.post(endpoint).send(seedBody('deployment', 'other-repo')).expect(200);
    expect(deploy.body.map((s: { name: string }) => s.name)).toEqual([
      'any_event',
      'creds_username',
      'creds_password',
      'deploy_key',
      'other_only',
    ]);
    const pr = await t.http.post(endpoint).send(seedBody('pull_request', 'unknown-repo')).expect(200);
    expect(pr.body.map((s: { name: string }) => s.name)).toEqual([
      'any_event',
      'creds_username',
      'creds_password',
      'pr_token',
    ]);
  });

  it('answers [] when there is nothing to send, and only ever its own org', async () => {
    const empty = await createOrg(t);
    const none = await createIntegration(t, empty.name, t.adminKey, { name: 'empty', kind: 'drone-legacy' });
    expect((await t.http.post(none.endpoint).send(seedBody()).expect(200)).body).toEqual([]);
    const other = await createIntegration(t, f.otherOrg.name, t.adminKey, { name: 'other', kind: 'drone-legacy' });
    const res = await t.http.post(other.endpoint).send(seedBody('cron', 'nothing')).expect(200);
    expect(res.body).toEqual([{ name: 'foreign', value: 'x', event: [], image: [] }]);
  });

  it('stops answering once the integration is deleted', async () => {
    const gone = await createIntegration(t, f.org.name, t.adminKey, { name: 'gone', kind: 'drone-legacy' });
    await t.http.delete(`/api/v1/org/${f.org.name}/integration/gone`).set(auth(t.adminKey)).expect(200);
    await t.http.post(gone.endpoint).send(seedBody()).expect(401);
  });

  it("gives the seed's first example (a missing comma) a clear 400", async () => {
    const res = await t.http.post(endpoint).set('Content-Type', 'application/json').send(SEED_INVALID_JSON).expect(400);
    expect(res.text).toMatch(/^Invalid JSON body/);
  });

  it('asks for build.event', async () => {
    const res = await t.http
      .post(endpoint)
      .send({ repo: { name: 'x' }, build: {} })
      .expect(400);
    expect(res.text).toContain('build.event');
  });

  it('refuses a wrong token with a 401 and an audit event', async () => {
    const before = (await auditRows(t, 'INTEGRATION', id)).length;
    const res = await t.http.post(`/api/ext/drone-legacy/${id}/not-the-token`).send(seedBody()).expect(401);
    expect(res.text).toBe('Invalid token for this Drone integration');
    const after = await auditRows(t, 'INTEGRATION', id);
    expect(after.length).toBe(before + 1);
    expect(after[after.length - 1]).toEqual(
      expect.objectContaining({ reason: 'Invalid token for this Drone integration' }),
    );
    await t.http.post(`/api/ext/drone-legacy/not-a-uuid/x`).send(seedBody()).expect(401);
  });
});

describe('Drone 1.x secret extension', () => {
  let t: TestApp;
  let f: CiFixture;
  let id: string;
  let token: string;
  let path: string;
  beforeAll(async () => {
    t = await startTestApp();
    f = await ciFixture(t);
    const created = await createIntegration(t, f.org.name, f.owner.apiKey, { name: 'drone', kind: 'drone' });
    id = created.id;
    token = created.token!;
    path = created.endpoint;
  });
  afterAll(() => t.close());

  // Each request is a new build, as from a real Drone: identical bodies signed in the same second
  // would carry identical signatures, which the replay cache rightly refuses.
  let buildId = 0;
  const request = (secretPath: string, name = '', event = 'push', repo = 'hello-world') =>
    JSON.stringify({
      path: secretPath,
      name,
      repo: { id: 1, namespace: 'octocat', name: repo, slug: `octocat/${repo}` },
      build: { id: ++buildId, event, ref: 'refs/heads/master' },
    });
  const send = (body: string, headers: Record<string, string>) => t.http.post(path).set(headers).send(body);

  it('answers a signed request with the secret', async () => {
    const body = request('docker_password');
    const res = await send(body, droneHeaders(token, body)).expect(200);
    expect(res.body).toEqual({
      name: 'docker_password',
      data: 'dockerpw',
      pull: false,
      pull_request: false,
      pull_request_push: false,
      fork: false,
    });
    const audited = await auditRows(t, 'SECRET', id);
    expect(audited).toEqual([
      expect.objectContaining({ name: 'docker_password', integrationKind: 'drone', event: 'push' }),
    ]);
  });

  it('picks fields of pairs, allows pull requests only when the events do', async () => {
    const user = request('creds', 'username');
    expect((await send(user, droneHeaders(token, user)).expect(200)).body.data).toBe('bob');
    const pw = request('creds', 'password');
    expect((await send(pw, droneHeaders(token, pw)).expect(200)).body.data).toBe('bobpw');
    const pr = request('pr_token', '', 'pull_request');
    const res = await send(pr, droneHeaders(token, pr)).expect(200);
    expect(res.body).toEqual(expect.objectContaining({ data: 'pr-ok', pull: true, pull_request: true, fork: true }));
  });

  it('answers 404 for the wrong event, other projects, password-protected, PRIVATE and other orgs', async () => {
    for (const [secret, event, repo] of [
      ['docker_password', 'deployment', 'hello-world'],
      ['other_only', 'push', 'hello-world'],
      ['locked', 'push', 'hello-world'],
      ['private_nogrant', 'push', 'hello-world'],
      ['foreign', 'push', 'hello-world'],
      ['nope', 'push', 'hello-world'],
      ['creds', 'push', 'hello-world'],
    ]) {
      const body = request(secret, '', event, repo);
      await send(body, droneHeaders(token, body)).expect(404);
    }
    const hw = request('hw_only');
    await send(hw, droneHeaders(token, hw)).expect(200);
  });

  it('accepts the signature in Authorization: Signature too', async () => {
    const body = request('any_event');
    const headers = droneHeaders(token, body);
    headers.Authorization = `Signature ${headers.Signature}`;
    delete (headers as Record<string, string | undefined>).Signature;
    await send(body, headers).expect(200);
  });

  it('encrypts the answer when asked for aesgcm', async () => {
    const body = request('any_event');
    const res = await t.http
      .post(path)
      .set(droneHeaders(token, body, { acceptEncoding: 'aesgcm' }))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .send(body)
      .expect(200);
    expect(res.headers['content-encoding']).toBe('aesgcm');
    const raw = res.body as Buffer;
    const decipher = crypto.createDecipheriv('aes-256-gcm', Buffer.from(token).subarray(0, 32), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const plain = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
    expect(JSON.parse(plain.toString()).data).toBe('everywhere');
  });

  describe('refuses tampered requests with a 401, a reason and an audit event', () => {
    const body = () => request('docker_password');
    /** One body, signed as given: only the named defect differs from a good request. */
    const signed = (key: string, opts?: Parameters<typeof droneHeaders>[2]): [string, Record<string, string>] => {
      const b = body();
      return [b, droneHeaders(key, b, opts)];
    };
    const cases: [string, () => [string, Record<string, string>], RegExp][] = [
      ['wrong key', () => signed('x'.repeat(43)), /does not match/],
      [
        'changed body',
        () => [request('docker_password', '', 'tag'), signed(token)[1]],
        /Digest header does not match the request body/,
      ],
      ['stale date', () => signed(token, { date: new Date(Date.now() - 10 * 60_000) }), /Date header/],
      ['future date', () => signed(token, { date: new Date(Date.now() + 10 * 60_000) }), /Date header/],
      ['missing digest', () => signed(token, { omitDigest: true }), /signed header digest is missing/],
      [
        'digest not covered',
        () => signed(token, { headers: ['accept', 'accept-encoding', 'content-type', 'date'] }),
        /must cover these headers: digest/,
      ],
      ['unsigned', () => [body(), { 'Content-Type': 'application/json' }], /not signed/],
      ['hmac-sha1', () => signed(token, { algorithm: 'hmac-sha1' }), /hmac-sha1 signatures are refused/],
    ];
    it.each(cases)('%s', async (_name, make, reason) => {
      const before = (await auditRows(t, 'INTEGRATION', id)).length;
      const [b, headers] = make();
      const res = await send(b, headers).expect(401);
      expect(res.text).toMatch(reason);
      const after = await auditRows(t, 'INTEGRATION', id);
      expect(after.length).toBe(before + 1);
      expect(String(after[after.length - 1].reason)).toMatch(reason);
    });

    it('a replayed signature', async () => {
      const b = body();
      const headers = droneHeaders(token, b);
      await send(b, headers).expect(200);
      const res = await send(b, headers).expect(401);
      expect(res.text).toMatch(/already used/);
    });

    it('an unknown integration', async () => {
      const b = body();
      await t.http.post(`/api/ext/drone/${crypto.randomUUID()}`).set(droneHeaders(token, b)).send(b).expect(401);
    });
  });
});
