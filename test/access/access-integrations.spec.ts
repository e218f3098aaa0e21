import type * as crypto from 'node:crypto';
import { addToTeam, auth, createOrg, createUser, TestOrg, TestUser } from '../helpers/factories';
import { createIntegration } from '../helpers/ci-fixtures';
import { ed25519Pair, woodpeckerCavageHeaders, woodpeckerHeaders } from '../helpers/ci-signing';
import { uniqueName } from '../helpers/names';
import { createSecret } from '../helpers/secrets';
import { useTestApp } from '../helpers/test-app';

/**
 * Integrations lend a CI server their team's reads (and, for Woodpecker's CRUD routes, writes), so
 * binding one to a team, and writing through it, needs what the team itself would need.
 */
describe('integration access', () => {
  let org: TestOrg;
  let orgOwner: TestUser;
  /** OWNER of team `alpha`, MEMBER of nothing else. */
  let alphaOwner: TestUser;
  let member: TestUser;
  let alpha: string;
  let beta: string;

  const t = useTestApp();
  beforeAll(async () => {
    [orgOwner, alphaOwner, member] = await Promise.all([createUser(t), createUser(t), createUser(t)]);
    org = await createOrg(t, { owner: orgOwner });
    alpha = uniqueName('alpha');
    beta = uniqueName('beta');
    for (const name of [alpha, beta]) {
      await t.http.post(`/api/v1/org/${org.name}/team`).set(auth(t.adminKey)).send({ name }).expect(200);
    }
    await addToTeam(t, org.name, alpha, alphaOwner.id, 'OWNER');
    await addToTeam(t, org.name, 'default', member.id);
  });

  const integrations = `/api/v1/org/{org}/integration`;
  const path = (suffix = '') => `${integrations.replace('{org}', org.name)}${suffix}`;
  const drone = (teamName?: string) => ({ name: uniqueName('ci'), kind: 'drone', ...(teamName ? { teamName } : {}) });

  describe('binding to a team', () => {
    it("refuses a team OWNER binding an integration to another team (which would lend it that team's reads)", async () => {
      const res = await t.http.post(path()).set(auth(alphaOwner.apiKey)).send(drone(beta)).expect(403);
      expect(res.text).toContain(beta);
    });

    it('lets a team OWNER bind to its own team, and create team-less integrations', async () => {
      await t.http.post(path()).set(auth(alphaOwner.apiKey)).send(drone(alpha)).expect(200);
      await t.http.post(path()).set(auth(alphaOwner.apiKey)).send(drone()).expect(200);
    });

    it("lets the org's owner and admins bind to any team", async () => {
      await t.http.post(path()).set(auth(orgOwner.apiKey)).send(drone(beta)).expect(200);
      await t.http.post(path()).set(auth(t.adminKey)).send(drone(beta)).expect(200);
    });

    it('refuses members who own no team, as before', async () => {
      await t.http.post(path()).set(auth(member.apiKey)).send(drone()).expect(403);
    });

    it('keeps a team OWNER from reading, listing or deleting an integration bound to another team', async () => {
      const foreign = drone(beta);
      await t.http.post(path()).set(auth(t.adminKey)).send(foreign).expect(200);
      const own = drone(alpha);
      await t.http.post(path()).set(auth(alphaOwner.apiKey)).send(own).expect(200);
      await t.http
        .get(path(`/${foreign.name}`))
        .set(auth(alphaOwner.apiKey))
        .expect(403);
      await t.http
        .delete(path(`/${foreign.name}`))
        .set(auth(alphaOwner.apiKey))
        .expect(403);
      const listed = await t.http.get(path()).set(auth(alphaOwner.apiKey)).expect(200);
      const names = (listed.body as { name: string }[]).map((i) => i.name);
      expect(names).toContain(own.name);
      expect(names).not.toContain(foreign.name);
      await t.http
        .get(path(`/${foreign.name}`))
        .set(auth(orgOwner.apiKey))
        .expect(200);
      await t.http
        .get(path(`/${own.name}`))
        .set(auth(alphaOwner.apiKey))
        .expect(200);
      await t.http
        .delete(path(`/${own.name}`))
        .set(auth(alphaOwner.apiKey))
        .expect(200);
    });
  });

  describe('Woodpecker CRUD writes', () => {
    let ciOrg: TestOrg;
    let key: crypto.KeyObject;
    let endpoint: string;
    let teamless: { key: crypto.KeyObject; endpoint: string };
    const repoId = 4100;

    beforeAll(async () => {
      ciOrg = await createOrg(t);
      for (const name of ['ci-team', 'others']) {
        await t.http.post(`/api/v1/org/${ciOrg.name}/team`).set(auth(t.adminKey)).send({ name }).expect(200);
      }
      await t.http
        .post(`/api/v1/org/${ciOrg.name}/project`)
        .set(auth(t.adminKey))
        .send({ name: 'app', meta: { woodpeckerRepoId: repoId } })
        .expect(200);
      const pair = ed25519Pair();
      key = pair.privateKey;
      endpoint = (
        await createIntegration(t, ciOrg.name, t.adminKey, {
          name: 'wp-int',
          kind: 'woodpecker',
          teamName: 'ci-team',
          publicKey: pair.publicKeyPem,
        })
      ).endpoint;
      const other = ed25519Pair();
      teamless = {
        key: other.privateKey,
        endpoint: (
          await createIntegration(t, ciOrg.name, t.adminKey, {
            name: 'wp-teamless',
            kind: 'woodpecker',
            publicKey: other.publicKeyPem,
          })
        ).endpoint,
      };
    });

    const target = (base: string, name?: string) => `${base}/repo/${repoId}/secrets${name ? `/${name}` : ''}`;
    /**
     * draft-cavage signatures cover the method and the target; a query string no route reads makes
     * each call's target, so its signature, its own (the replay cache refuses a signature seen twice).
     */
    let calls = 0;
    const call = (method: 'get' | 'post' | 'put' | 'delete', url: string, k: crypto.KeyObject, body?: object) => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      const target = `${url}?call=${++calls}`;
      const req = t.http[method](target).set(woodpeckerCavageHeaders(k, method, target, text));
      return text === undefined ? req : req.send(text);
    };
    const rules = (name: string, body: object[]) =>
      t.http.post(`/api/v1/org/${ciOrg.name}/secret/${name}/access/bulk`).set(auth(t.adminKey)).send(body);
    const teamId = async (name: string) =>
      (
        (await t.http.get(`/api/v1/org/${ciOrg.name}/team/${name}`).set(auth(t.adminKey)).expect(200)).body as {
          id: string;
        }
      ).id;
    const value = async (name: string) =>
      (await t.http.get(`/api/v1/org/${ciOrg.name}/secret/${name}`).set(auth(t.adminKey))).status;

    it('refuses to overwrite a PRIVATE secret granted only to another team', async () => {
      const name = uniqueName('priv').replace(/-/g, '_');
      await createSecret(t, ciOrg.name, t.adminKey, {
        name,
        type: 'data',
        data: 'original',
        visibility: 'PRIVATE',
        projects: 'app',
      }).expect(200);
      await rules(name, [{ teamId: await teamId('others'), level: 'OWNER' }]).expect(200);
      await call('put', target(endpoint, name), key, { value: 'overwritten' }).expect(403);
      const data = await t.http
        .post(`/api/v1/org/${ciOrg.name}/secret/${name}/data`)
        .set(auth(t.adminKey))
        .buffer(true);
      // Linked to a project: even the admin cannot read the value, so check it was not rewritten.
      expect(data.status).toBe(403);
      const meta = await t.http.get(`/api/v1/org/${ciOrg.name}/secret/${name}`).set(auth(t.adminKey)).expect(200);
      expect(meta.body.lastUpdatedAt).toBeUndefined();
    });

    it('refuses to delete or change a password-protected secret', async () => {
      const name = uniqueName('locked').replace(/-/g, '_');
      await createSecret(t, ciOrg.name, t.adminKey, {
        name,
        type: 'data',
        data: 'x',
        projects: 'app',
        storePassword: 'LoCkEd1PwX',
      }).expect(200);
      await rules(name, [{ teamId: await teamId('ci-team'), level: 'OWNER' }]).expect(200);
      await call('delete', target(endpoint, name), key).expect(403);
      await call('put', target(endpoint, name), key, { value: 'y' }).expect(403);
      expect(await value(name)).toBe(200);
    });

    it('needs OWNER for the team to delete, WRITER to update a PRIVATE secret', async () => {
      const name = uniqueName('shared').replace(/-/g, '_');
      await createSecret(t, ciOrg.name, t.adminKey, {
        name,
        type: 'data',
        data: 'x',
        visibility: 'PRIVATE',
        projects: 'app',
      }).expect(200);
      const ci = await teamId('ci-team');
      await rules(name, [{ teamId: ci, level: 'READER' }]).expect(200);
      await call('put', target(endpoint, name), key, { value: 'y' }).expect(403);
      await rules(name, [{ teamId: ci, level: 'WRITER' }]).expect(200);
      await call('put', target(endpoint, name), key, { value: 'y' }).expect(200);
      await call('delete', target(endpoint, name), key).expect(403);
      await rules(name, [{ teamId: ci, level: 'OWNER' }]).expect(200);
      await call('delete', target(endpoint, name), key).expect(204);
      expect(await value(name)).toBe(404);
    });

    it('a team-less integration cannot write at all', async () => {
      const name = uniqueName('nt').replace(/-/g, '_');
      await call('post', target(teamless.endpoint), teamless.key, { name, value: 'v' }).expect(403);
      expect(await value(name)).toBe(404);
    });

    it('what the integration creates, its team owns: it may update and delete it', async () => {
      const name = uniqueName('own').replace(/-/g, '_');
      await call('post', target(endpoint), key, { name, value: 'v1' }).expect(200);
      const access = await t.http
        .get(`/api/v1/org/${ciOrg.name}/secret/${name}/access`)
        .set(auth(t.adminKey))
        .expect(200);
      expect(access.body).toEqual([expect.objectContaining({ teamName: 'ci-team', level: 'OWNER' })]);
      await call('put', target(endpoint, name), key, { value: 'v2' }).expect(200);
      await call('delete', target(endpoint, name), key).expect(204);
    });
  });

  describe('repository mapping', () => {
    let mapOrg: TestOrg;
    let mapOwner: TestUser;
    let mapMember: TestUser;
    let wpTeamOwner: TestUser;

    beforeAll(async () => {
      [mapOwner, mapMember, wpTeamOwner] = await Promise.all([createUser(t), createUser(t), createUser(t)]);
      mapOrg = await createOrg(t, { owner: mapOwner });
      await addToTeam(t, mapOrg.name, 'default', mapMember.id);
      await t.http.post(`/api/v1/org/${mapOrg.name}/team`).set(auth(t.adminKey)).send({ name: 'wp-team' }).expect(200);
      await addToTeam(t, mapOrg.name, 'wp-team', wpTeamOwner.id, 'OWNER');
      await createIntegration(t, mapOrg.name, t.adminKey, {
        name: 'wp-int',
        kind: 'woodpecker',
        teamName: 'wp-team',
        publicKey: ed25519Pair().publicKeyPem,
      });
    });

    const project = (key: string, name: string, meta?: object) =>
      t.http
        .post(`/api/v1/org/${mapOrg.name}/project`)
        .set(auth(key))
        .send({ name, ...(meta ? { meta } : {}) });

    it('refuses a second project claiming a mapped repository id, naming the holder', async () => {
      const holder = uniqueName('zz-holder');
      await project(mapOwner.apiKey, holder, { woodpeckerRepoId: 5001 }).expect(200);
      // Sorting first would have won the mapping.
      const res = await project(mapOwner.apiKey, uniqueName('aa-hijack'), { woodpeckerRepoId: 5001 }).expect(400);
      expect(res.text).toContain(holder);
      const asText = await project(mapOwner.apiKey, uniqueName('aa-text'), { woodpeckerRepoId: '5001' }).expect(400);
      expect(asText.text).toContain(holder);
    });

    it('lets exactly one of several concurrent claims of a repository win', async () => {
      const claims = await Promise.all(
        Array.from({ length: 6 }, () => project(mapOwner.apiKey, uniqueName('race'), { woodpeckerRepoId: 5009 })),
      );
      const won = claims.filter((r) => r.status === 200);
      expect(won).toHaveLength(1);
      const holder = (
        await t.http.get(`/api/v1/org/${mapOrg.name}/project`).set(auth(t.adminKey)).query({ filter: 'race' })
      ).body as { name: string }[];
      expect(holder).toHaveLength(1);
      for (const lost of claims.filter((r) => r.status !== 200)) {
        expect(lost.status).toBe(400);
        expect(lost.text).toContain(holder[0].name);
      }
    });

    it('refuses moving a mapping onto a project by update when it is held', async () => {
      await project(mapOwner.apiKey, uniqueName('held'), { woodpeckerRepoId: 5002 }).expect(200);
      const other = uniqueName('other');
      await project(mapOwner.apiKey, other).expect(200);
      await project(mapOwner.apiKey, other, { woodpeckerRepoId: 5002 }).expect(400);
    });

    it('refuses an org member setting or changing a mapping', async () => {
      await project(mapMember.apiKey, uniqueName('mine'), { woodpeckerRepoId: 5003 }).expect(403);
      const mine = uniqueName('mine');
      await project(mapMember.apiKey, mine, { other: 'fine' }).expect(200);
      await project(mapMember.apiKey, mine, { woodpeckerRepoId: 5004 }).expect(403);
      const mapped = uniqueName('mapped');
      await project(mapOwner.apiKey, mapped, { woodpeckerRepoId: 5005 }).expect(200);
      // The member is the project's WRITER (PUBLIC project, org member) but not allowed to move its mapping.
      await project(mapMember.apiKey, mapped, { woodpeckerRepoId: 5006 }).expect(403);
      // Leaving the mapping as it is remains a plain project update.
      await project(mapMember.apiKey, mapped, { woodpeckerRepoId: 5005, note: 'x' }).expect(200);
    });

    it('lets an OWNER of a team a Woodpecker integration is bound to set a mapping', async () => {
      await project(wpTeamOwner.apiKey, uniqueName('ci'), { woodpeckerRepoId: 5007 }).expect(200);
    });

    it('resolves a mapped repository id by that id only, never by name', async () => {
      const f = await ciOrgWithWoodpecker();
      // The project named like the repository is mapped to another id: it is not this repository's.
      await t.http
        .post(`/api/v1/org/${f.org.name}/project`)
        .set(auth(t.adminKey))
        .send({ name: 'lookalike', meta: { woodpeckerRepoId: 6001 } })
        .expect(200);
      await createSecret(t, f.org.name, t.adminKey, {
        name: 'lookalike_only',
        type: 'data',
        data: 'v',
        projects: 'lookalike',
      }).expect(200);
      const body = JSON.stringify({
        repo: { id: 6002, name: 'lookalike', full_name: 'evil/lookalike' },
        pipeline: { event: 'push' },
      });
      const res = await t.http
        .post(f.endpoint)
        .set(woodpeckerHeaders(f.key, f.endpoint, body))
        .send(body);
      expect(res.status).toBe(204);
    });

    async function ciOrgWithWoodpecker() {
      const o = await createOrg(t);
      const pair = ed25519Pair();
      const created = await createIntegration(t, o.name, t.adminKey, {
        name: 'wp-int',
        kind: 'woodpecker',
        publicKey: pair.publicKeyPem,
      });
      return { org: o, endpoint: created.endpoint, key: pair.privateKey };
    }
  });
});
