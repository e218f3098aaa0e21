import { addToTeam, auth, createOrg, createUser, TestOrg, TestUser } from '../helpers/factories';
import { uniqueName } from '../helpers/names';
import { useTestApp } from '../helpers/test-app';

/**
 * Team roles are ordered MEMBER < MAINTAINER < OWNER. A MAINTAINER manages the team's members, but
 * granting OWNER, demoting an OWNER or removing one needs OWNER of that team (or the org's owner, or
 * an admin): a team OWNER holds org-level powers (creating teams, managing integrations).
 */
describe('team role changes', () => {
  let org: TestOrg;
  let orgOwner: TestUser;
  let maintainer: TestUser;
  let owner: TestUser;
  let bystander: TestUser;

  const t = useTestApp();
  beforeAll(async () => {
    [orgOwner, maintainer, owner, bystander] = await Promise.all([
      createUser(t),
      createUser(t),
      createUser(t),
      createUser(t),
    ]);
    org = await createOrg(t, { owner: orgOwner });
  });

  /** A fresh team with one OWNER and one MAINTAINER (made by the admin). */
  async function team(): Promise<string> {
    const name = uniqueName('team');
    await t.http.post(`/api/v1/org/${org.name}/team`).set(auth(t.adminKey)).send({ name }).expect(200);
    await addToTeam(t, org.name, name, owner.id, 'OWNER');
    await addToTeam(t, org.name, name, maintainer.id, 'MAINTAINER');
    return name;
  }

  const users = (name: string, key: string, body: object[], replace = false) =>
    t.http
      .put(`/api/v1/org/${org.name}/team/${name}/users`)
      .query(replace ? { replace: 'true' } : {})
      .set(auth(key))
      .send(body);

  const remove = (name: string, key: string, usernames: string[]) =>
    t.http.delete(`/api/v1/org/${org.name}/team/${name}/users`).set(auth(key)).send(usernames);

  async function roles(name: string): Promise<Record<string, string>> {
    const res = await t.http.get(`/api/v1/org/${org.name}/team/${name}/users`).set(auth(t.adminKey)).expect(200);
    return Object.fromEntries((res.body as { username: string; role: string }[]).map((m) => [m.username, m.role]));
  }

  describe('a MAINTAINER is refused', () => {
    it('making itself OWNER', async () => {
      const name = await team();
      const res = await users(name, maintainer.apiKey, [{ userId: maintainer.id, role: 'OWNER' }]).expect(403);
      expect(res.text).toContain('OWNER');
      expect((await roles(name))[maintainer.username]).toBe('MAINTAINER');
    });

    it('making someone else OWNER', async () => {
      const name = await team();
      await users(name, maintainer.apiKey, [{ userId: bystander.id, role: 'OWNER' }]).expect(403);
      expect((await roles(name))[bystander.username]).toBeUndefined();
    });

    it('demoting an OWNER', async () => {
      const name = await team();
      await users(name, maintainer.apiKey, [{ userId: owner.id, role: 'MEMBER' }]).expect(403);
      expect((await roles(name))[owner.username]).toBe('OWNER');
    });

    it('removing an OWNER', async () => {
      const name = await team();
      await remove(name, maintainer.apiKey, [owner.username]).expect(403);
      expect((await roles(name))[owner.username]).toBe('OWNER');
    });

    it('replacing the members (which removes the OWNER)', async () => {
      const name = await team();
      await users(name, maintainer.apiKey, [{ userId: maintainer.id, role: 'MAINTAINER' }], true).expect(403);
      expect((await roles(name))[owner.username]).toBe('OWNER');
    });

    it('replacing the members and naming itself OWNER', async () => {
      const name = await team();
      const body = [
        { userId: owner.id, role: 'OWNER' },
        { userId: maintainer.id, role: 'OWNER' },
      ];
      await users(name, maintainer.apiKey, body, true).expect(403);
      expect((await roles(name))[maintainer.username]).toBe('MAINTAINER');
    });
  });

  describe('a MAINTAINER may still', () => {
    it('add, re-role and remove members and maintainers', async () => {
      const name = await team();
      await users(name, maintainer.apiKey, [{ userId: bystander.id, role: 'MAINTAINER' }]).expect(200);
      await users(name, maintainer.apiKey, [{ userId: bystander.id, role: 'MEMBER' }]).expect(200);
      expect((await roles(name))[bystander.username]).toBe('MEMBER');
      await remove(name, maintainer.apiKey, [bystander.username]).expect(200);
      expect((await roles(name))[bystander.username]).toBeUndefined();
    });

    it('replace the members when every OWNER stays OWNER', async () => {
      const name = await team();
      const body = [
        { userId: owner.id, role: 'OWNER' },
        { userId: maintainer.id, role: 'MAINTAINER' },
        { userId: bystander.id },
      ];
      await users(name, maintainer.apiKey, body, true).expect(200);
      expect(await roles(name)).toEqual({
        [owner.username]: 'OWNER',
        [maintainer.username]: 'MAINTAINER',
        [bystander.username]: 'MEMBER',
      });
    });
  });

  it.each([
    ['a team OWNER', () => owner.apiKey],
    ["the org's owner", () => orgOwner.apiKey],
    ['an admin', () => t.adminKey],
  ])('%s may grant, demote and remove OWNERs', async (_who, key) => {
    const name = await team();
    await users(name, key(), [{ userId: maintainer.id, role: 'OWNER' }]).expect(200);
    expect((await roles(name))[maintainer.username]).toBe('OWNER');
    await users(name, key(), [{ userId: maintainer.id, role: 'MEMBER' }]).expect(200);
    await remove(name, key(), [maintainer.username]).expect(200);
    expect((await roles(name))[maintainer.username]).toBeUndefined();
  });

  it("a team's creator joins it as MAINTAINER and cannot make the first OWNER", async () => {
    const creator = await createUser(t);
    await addToTeam(t, org.name, 'default', creator.id, 'OWNER');
    const name = uniqueName('made');
    await t.http.post(`/api/v1/org/${org.name}/team`).set(auth(creator.apiKey)).send({ name }).expect(200);
    expect((await roles(name))[creator.username]).toBe('MAINTAINER');
    await users(name, creator.apiKey, [{ userId: creator.id, role: 'OWNER' }]).expect(403);
    await users(name, orgOwner.apiKey, [{ userId: creator.id, role: 'OWNER' }]).expect(200);
  });
});
