import type * as crypto from 'node:crypto';
import { DataSource } from 'typeorm';
import { auth, createOrg } from '../helpers/factories';
import { auditRows, ciFixture, CiFixture, createIntegration } from '../helpers/ci-fixtures';
import { ed25519Pair, woodpeckerCavageHeaders, woodpeckerHeaders } from '../helpers/ci-signing';
import { useTestApp } from '../helpers/test-app';

/** A Woodpecker 3.x secret extension request body: {repo, pipeline, netrc}. */
const extensionBody = (repoId: number, repoName: string, event = 'push') =>
  JSON.stringify({
    repo: { id: repoId, forge_remote_id: '99', owner: 'octocat', name: repoName, full_name: `octocat/${repoName}` },
    pipeline: { id: 5, number: 3, event, branch: 'main', commit: 'abc' },
    netrc: { machine: 'github.com', login: 'octocat', password: 'forge-token' },
  });

describe('Woodpecker', () => {
  let f: CiFixture;
  let id: string;
  let path: string;
  let key: crypto.KeyObject;
  let otherKey: crypto.KeyObject;
  const t = useTestApp();
  beforeAll(async () => {
    f = await ciFixture(t);
    const pair = ed25519Pair();
    key = pair.privateKey;
    otherKey = ed25519Pair().privateKey;
    const created = await createIntegration(t, f.org.name, f.owner.apiKey, {
      name: 'woodpecker',
      kind: 'woodpecker',
      publicKey: pair.publicKeyPem,
    });
    expect(created.token).toBeUndefined();
    id = created.id;
    path = created.endpoint;
  });

  const post = (body: string, headers: Record<string, string>) => t.http.post(path).set(headers).send(body);

  describe('3.x secret extension (RFC 9421)', () => {
    it("answers with the repo's secrets for the pipeline event, with their images and events", async () => {
      const body = extensionBody(42, 'hello-world');
      const res = await post(body, woodpeckerHeaders(key, path, body)).expect(200);
      expect(res.body).toEqual({
        secrets: [
          { name: 'any_event', value: 'everywhere', images: [], events: [] },
          { name: 'creds_username', value: 'bob', images: [], events: [] },
          { name: 'creds_password', value: 'bobpw', images: [], events: [] },
          { name: 'docker_password', value: 'dockerpw', images: ['plugins/docker'], events: ['push', 'tag'] },
          { name: 'hw_only', value: 'hello-world-only', images: [], events: [] },
        ],
      });
      const audited = await auditRows(t, 'SECRET', id);
      expect(audited.map((d) => d.name).sort()).toEqual(['any_event', 'creds', 'docker_password', 'hw_only']);
      expect(JSON.stringify(audited)).not.toContain('forge-token');
    });

    it('maps numeric repo ids through meta.woodpeckerRepoId and filters by event', async () => {
      const body = extensionBody(43, 'renamed-on-the-forge', 'deployment');
      const res = await post(body, woodpeckerHeaders(key, path, body)).expect(200);
      expect(res.body.secrets.map((s: { name: string }) => s.name)).toEqual([
        'any_event',
        'creds_username',
        'creds_password',
        'deploy_key',
        'other_only',
      ]);
    });

    it('answers 204 when there is nothing to add', async () => {
      const empty = await createOrg(t);
      const pair = ed25519Pair();
      const other = await createIntegration(t, empty.name, t.adminKey, {
        name: 'wp-empty',
        kind: 'woodpecker',
        publicKey: pair.publicKeyPem,
      });
      const body = extensionBody(1, 'x');
      await t.http
        .post(other.endpoint)
        .set(woodpeckerHeaders(pair.privateKey, other.endpoint, body))
        .send(body)
        .expect(204);
    });

    it('sends PRIVATE secrets only to an integration whose team holds READER on them', async () => {
      const pair = ed25519Pair();
      const teamed = await createIntegration(t, f.org.name, f.owner.apiKey, {
        name: 'wp-team',
        kind: 'woodpecker',
        teamName: 'default',
        publicKey: pair.publicKeyPem,
      });
      const names = async (endpoint: string, k: crypto.KeyObject, event: string) => {
        const body = extensionBody(42, 'hello-world', event);
        const res = await t.http
          .post(endpoint)
          .set(woodpeckerHeaders(k, endpoint, body))
          .send(body)
          .expect(200);
        return res.body.secrets.map((x: { name: string }) => x.name);
      };
      expect(await names(teamed.endpoint, pair.privateKey, 'manual')).not.toContain('private_nogrant');
      // No route grants team access yet (it belongs to the access issue): write the grant directly.
      await t.app.get(DataSource).query(
        `INSERT INTO secret_team_access (secret_id, team_id, level)
           SELECT s.id, tm.id, 'READER' FROM secrets s JOIN orgs o ON o.id = s.org_id
             JOIN teams tm ON tm.org_id = o.id AND tm.name = 'default'
            WHERE o.name = $1 AND s.name = 'private_nogrant'`,
        [f.org.name],
      );
      expect(await names(teamed.endpoint, pair.privateKey, 'cron')).toContain('private_nogrant');
      expect(await names(path, key, 'cron')).not.toContain('private_nogrant');
    });

    describe('refuses tampered requests with a 401, a reason and an audit event', () => {
      const body = () => extensionBody(42, 'hello-world');
      const cases: [string, () => [string, Record<string, string>], RegExp][] = [
        ['wrong key', () => [body(), woodpeckerHeaders(otherKey, path, body())], /does not match/],
        [
          'changed body',
          () => [extensionBody(43, 'other-repo'), woodpeckerHeaders(key, path, body())],
          /Content-Digest header does not match the request body/,
        ],
        [
          'stale created',
          () => [body(), woodpeckerHeaders(key, path, body(), { created: Math.floor(Date.now() / 1000) - 60 })],
          /older than/,
        ],
        [
          'created in the future',
          () => [body(), woodpeckerHeaders(key, path, body(), { created: Math.floor(Date.now() / 1000) + 60 })],
          /future/,
        ],
        [
          'missing Content-Digest',
          () => [body(), woodpeckerHeaders(key, path, body(), { omitContentDigest: true })],
          /content-digest is missing/,
        ],
        [
          'digest not covered',
          () => [body(), woodpeckerHeaders(key, path, body(), { components: ['@request-target'] })],
          /must cover: content-digest/,
        ],
        ['wrong label', () => [body(), woodpeckerHeaders(key, path, body(), { label: 'other' })], /labelled/],
        ['unsigned', () => [body(), { 'Content-Type': 'application/json' }], /not signed/],
        [
          'the older draft-cavage form (CRUD routes only)',
          () => [body(), woodpeckerCavageHeaders(key, 'POST', path, body())],
          /expected an RFC 9421 signature/,
        ],
      ];
      it.each(cases)('%s', async (_name, make, reason) => {
        const before = (await auditRows(t, 'INTEGRATION', id)).length;
        const [b, headers] = make();
        const res = await post(b, headers).expect(401);
        expect(res.text).toMatch(reason);
        expect((await auditRows(t, 'INTEGRATION', id)).length).toBe(before + 1);
      });

      it('a replayed signature', async () => {
        const b = extensionBody(42, 'hello-world', 'tag');
        const headers = woodpeckerHeaders(key, path, b);
        await post(b, headers).expect(200);
        expect((await post(b, headers).expect(401)).text).toMatch(/already used/);
      });

      it('a signature for another path', async () => {
        const b = body();
        await post(b, woodpeckerHeaders(key, `${path}/elsewhere`, b)).expect(401);
      });
    });
  });

  describe('alpha CRUD routes', () => {
    // Only an integration bound to a team writes (with that team's levels): the org owner binds one
    // to the default team, of which the owner is OWNER. Reads go through the team-less one.
    let writer: { key: crypto.KeyObject; path: string };
    beforeAll(async () => {
      const pair = ed25519Pair();
      const created = await createIntegration(t, f.org.name, f.owner.apiKey, {
        name: 'wp-writer',
        kind: 'woodpecker',
        teamName: 'default',
        publicKey: pair.publicKeyPem,
      });
      writer = { key: pair.privateKey, path: created.endpoint };
    });

    const repo = (repoId: number | string, name?: string, base = path) =>
      `${base}/repo/${repoId}/secrets${name === undefined ? '' : `/${name}`}`;
    const get = (target: string) => t.http.get(target).set(woodpeckerHeaders(key, target, ''));
    const send = (method: 'post' | 'put', repoId: number, name: string | undefined, body: object) => {
      const target = repo(repoId, name, writer.path);
      const b = JSON.stringify(body);
      return t.http[method](target)
        .set(woodpeckerHeaders(writer.key, target, b))
        .send(b);
    };

    it("lists and gets the repo's secrets (values included, audited)", async () => {
      const list = await get(repo(42)).expect(200);
      const names = list.body.map((s: { name: string }) => s.name);
      expect(names).toEqual(expect.arrayContaining(['hw_only', 'docker_password', 'deploy_key', 'creds_password']));
      expect(names).not.toEqual(expect.arrayContaining(['other_only']));
      expect(names).not.toContain('locked');
      expect(names).not.toContain('foreign');
      expect(list.body.find((s: { name: string }) => s.name === 'hw_only')).toEqual({
        id: expect.any(Number),
        org_id: 0,
        repo_id: 42,
        name: 'hw_only',
        value: 'hello-world-only',
        images: [],
        events: [],
      });
      const one = await get(repo(42, 'creds_password')).expect(200);
      expect(one.body).toEqual(expect.objectContaining({ name: 'creds_password', value: 'bobpw' }));
      await get(repo(42, 'other_only')).expect(404);
      await get(repo(42, 'locked')).expect(404);
    });

    it('creates, updates and deletes through the secrets service, acting as the creator', async () => {
      const created = await send('post', 42, undefined, {
        name: 'wp_token',
        value: 'first',
        events: ['push'],
        images: ['alpine'],
      }).expect(200);
      expect(created.body).toEqual({
        id: expect.any(Number),
        org_id: 0,
        repo_id: 42,
        name: 'wp_token',
        images: ['alpine'],
        events: ['push'],
      });
      const meta = await t.http.get(`/api/v1/org/${f.org.name}/secret/wp_token`).set(auth(t.adminKey)).expect(200);
      expect(meta.body).toEqual(
        expect.objectContaining({
          events: ['push'],
          images: ['alpine'],
          projects: [expect.objectContaining({ name: 'hello-world' })],
          owner: expect.objectContaining({ id: f.owner.id }),
        }),
      );
      await send('put', 42, 'wp_token', { value: 'second', events: ['push', 'tag'] }).expect(200);
      expect((await get(repo(42, 'wp_token')).expect(200)).body).toEqual(
        expect.objectContaining({ value: 'second', events: ['push', 'tag'] }),
      );
      // The other repo never sees it, and cannot change it.
      await get(repo(43, 'wp_token')).expect(404);
      await send('put', 43, 'wp_token', { value: 'x' }).expect(404);
      // Org-wide secrets are read-only through a repo route.
      await send('put', 42, 'any_event', { value: 'x' }).expect(404);
      const target = repo(42, 'wp_token', writer.path);
      // Woodpecker's signature covers path, body digest and a created time in whole seconds, not the
      // method: a DELETE in the same second as the GET above carries the same signature, which the
      // replay cache refuses. Step past that second, as a real client's later request would be.
      await new Promise((r) => setTimeout(r, 1100));
      await t.http
        .delete(target)
        .set(woodpeckerHeaders(writer.key, target, ''))
        .expect(204);
      await t.http.get(`/api/v1/org/${f.org.name}/secret/wp_token`).set(auth(t.adminKey)).expect(404);
    });

    it('refuses a GET signature replayed as a DELETE (the method is not covered)', async () => {
      const target = repo(42, 'hw_only');
      const headers = woodpeckerHeaders(key, target, '', { created: Math.floor(Date.now() / 1000) - 1 });
      await t.http.get(target).set(headers).expect(200);
      expect((await t.http.delete(target).set(headers).expect(401)).text).toMatch(/already used/);
    });

    it('validates Secret JSON with the Concord rules', async () => {
      expect((await send('post', 42, undefined, { name: 'no_value' }).expect(400)).text).toContain("'value'");
      await send('post', 42, undefined, { name: 'bad events', value: 'x' }).expect(400);
      await send('post', 42, undefined, { name: 'evt', value: 'x', events: ['PUSH!'] }).expect(400);
    });

    it('answers 404 for a repo that maps to no project', async () => {
      const res = await get(repo(777)).expect(404);
      expect(res.text).toContain('meta.woodpeckerRepoId');
    });

    it('accepts the older draft-cavage form, with the body digest covered', async () => {
      const target = repo(42, 'hw_only');
      await t.http
        .get(target)
        .set(woodpeckerCavageHeaders(key, 'GET', target))
        .expect(200);
      const b = JSON.stringify({ name: 'cavage_secret', value: 'v' });
      const create = repo(42, undefined, writer.path);
      await t.http
        .post(create)
        .set(woodpeckerCavageHeaders(writer.key, 'POST', create, b))
        .send(b)
        .expect(200);
      const noDigest = JSON.stringify({ name: 'cavage_two', value: 'v' });
      const headers = woodpeckerCavageHeaders(writer.key, 'POST', create, noDigest, {
        headers: ['(request-target)', 'date'],
      });
      const res = await t.http.post(create).set(headers).send(noDigest).expect(401);
      expect(res.text).toMatch(/must cover these headers: digest/);
      const stale = woodpeckerCavageHeaders(key, 'GET', target, undefined, { date: new Date(Date.now() - 600_000) });
      await t.http.get(target).set(stale).expect(401);
      await t.http
        .get(target)
        .set(woodpeckerCavageHeaders(otherKey, 'GET', target))
        .expect(401);
    });
  });
});
