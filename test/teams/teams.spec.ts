import { randomUUID } from 'node:crypto';
import { useTestApp } from '../helpers/test-app';
import { TestUser, addToTeam, auth, createOrg, createUser } from '../helpers/factories';
import { uniqueName } from '../helpers/names';

const VALIDATION = 'application/vnd.concord-validation-errors-v1+json';

describe('teams', () => {
  const t = useTestApp();

  const admin = () => auth(t.adminKey);
  const teamUrl = (org: string, team = '') => `/api/v1/org/${org}/team${team ? `/${team}` : ''}`;

  /** An org owned by a fresh user, with a MEMBER, a MAINTAINER and an outsider (not in the org). */
  async function setup(): Promise<{
    org: string;
    owner: TestUser;
    member: TestUser;
    maintainer: TestUser;
    outsider: TestUser;
  }> {
    const [owner, member, maintainer, outsider] = await Promise.all([
      createUser(t),
      createUser(t),
      createUser(t),
      createUser(t),
    ]);
    const org = (await createOrg(t, { owner })).name;
    await addToTeam(t, org, 'default', member.id, 'MEMBER');
    await addToTeam(t, org, 'default', maintainer.id, 'MAINTAINER');
    return { org, owner, member, maintainer, outsider };
  }

  it('creates, reads, lists, updates, renames and deletes a team (admin)', async () => {
    const org = (await createOrg(t)).name;
    const name = uniqueName('team');

    const created = await t.http.post(teamUrl(org)).set(admin()).send({ name, description: 'first' }).expect(200);
    expect(created.body).toEqual({ ok: true, result: 'CREATED', id: expect.any(String) });
    const id = created.body.id as string;

    const got = await t.http.get(teamUrl(org, name)).set(admin()).expect(200);
    expect(got.body).toEqual({ id, orgId: expect.any(String), orgName: org, name, description: 'first' });

    const listed = await t.http.get(teamUrl(org)).set(admin()).expect(200);
    expect(listed.body.map((x: { name: string }) => x.name)).toEqual(['default', name].sort());

    // The creator maintains the new team.
    const users = await t.http
      .get(`${teamUrl(org, name)}/users`)
      .set(admin())
      .expect(200);
    expect(users.body).toEqual([
      { userId: expect.any(String), username: 'admin', userType: 'LOCAL', role: 'MAINTAINER', memberType: 'SINGLE' },
    ]);

    const updated = await t.http.post(teamUrl(org)).set(admin()).send({ name, description: 'second' }).expect(200);
    expect(updated.body).toEqual({ ok: true, result: 'UPDATED', id });
    expect((await t.http.get(teamUrl(org, name)).set(admin()).expect(200)).body.description).toBe('second');

    const clash = await t.http.post(teamUrl(org)).set(admin()).send({ id, name: 'default' }).expect(400);
    expect(clash.headers['content-type']).toContain(VALIDATION);
    expect(clash.body[0].message).toBe('Team already exists: default');

    const renamed = uniqueName('renamed');
    await t.http
      .post(teamUrl(org))
      .set(admin())
      .send({ id, name: renamed })
      .expect(200, { ok: true, result: 'UPDATED', id });
    await t.http.get(teamUrl(org, renamed)).set(admin()).expect(200);

    await t.http.delete(teamUrl(org, renamed)).set(admin()).expect(200, { ok: true, result: 'DELETED' });
    const gone = await t.http.get(teamUrl(org, renamed)).set(admin()).expect(400);
    expect(gone.body[0].message).toBe(`Team not found: ${renamed}`);
  });

  it('answers 401 without credentials on every route', async () => {
    const org = (await createOrg(t)).name;
    await t.http.post(teamUrl(org)).send({ name: 'abc' }).expect(401);
    await t.http.get(teamUrl(org)).expect(401);
    await t.http.get(teamUrl(org, 'default')).expect(401);
    await t.http.delete(teamUrl(org, 'default')).expect(401);
    await t.http.get(`${teamUrl(org, 'default')}/users`).expect(401);
    await t.http
      .put(`${teamUrl(org, 'default')}/users`)
      .send([])
      .expect(401);
    await t.http
      .delete(`${teamUrl(org, 'default')}/users`)
      .send(['x'])
      .expect(401);
  });

  it('rejects bad names, missing names, unknown orgs and unknown teams with 400', async () => {
    const org = (await createOrg(t)).name;
    for (const bad of ['-bad', 'ab', 'has space']) {
      const res = await t.http.post(teamUrl(org)).set(admin()).send({ name: bad }).expect(400);
      expect(res.headers['content-type']).toContain(VALIDATION);
      expect(res.body[0]).toEqual({ id: 'name', message: expect.stringContaining(`Invalid team name: ${bad}`) });
    }
    const noName = await t.http.post(teamUrl(org)).set(admin()).send({ description: 'x' }).expect(400);
    expect(noName.body[0].message).toBe("'name' is required");
    const longDescription = await t.http
      .post(teamUrl(org))
      .set(admin())
      .send({ name: uniqueName('team'), description: 'x'.repeat(2049) })
      .expect(400);
    expect(longDescription.body[0].id).toBe('description');

    const missingOrg = uniqueName('no-org');
    for (const req of [
      t.http.post(teamUrl(missingOrg)).send({ name: 'abc' }),
      t.http.get(teamUrl(missingOrg)),
      t.http.get(teamUrl(missingOrg, 'default')),
    ]) {
      const res = await req.set(admin()).expect(400);
      expect(res.body[0].message).toBe(`Organization not found: ${missingOrg}`);
    }

    const id = randomUUID();
    const unknownId = await t.http.post(teamUrl(org)).set(admin()).send({ id, name: 'abc' }).expect(400);
    expect(unknownId.body[0].message).toBe(`Team not found: ${id}`);
    const unknownTeam = await t.http.delete(teamUrl(org, 'nope')).set(admin()).expect(400);
    expect(unknownTeam.body[0].message).toBe('Team not found: nope');
  });

  it('lets only admins, the org owner and team OWNERs create teams; the rest get 403', async () => {
    const { org, owner, member, maintainer, outsider } = await setup();

    const notMember = await t.http.post(teamUrl(org)).set(auth(outsider.apiKey)).send({ name: 'abc' }).expect(403);
    expect(notMember.text).toBe(
      `The current user (${outsider.username}) doesn't belong to the specified organization: ${org}`,
    );
    for (const user of [member, maintainer]) {
      const res = await t.http
        .post(teamUrl(org))
        .set(auth(user.apiKey))
        .send({ name: uniqueName('t') })
        .expect(403);
      expect(res.text).toBe(`The current user (${user.username}) does not have the required role: OWNER`);
    }

    await t.http
      .post(teamUrl(org))
      .set(auth(owner.apiKey))
      .send({ name: uniqueName('by-owner') })
      .expect(200);

    // An OWNER of any team (not the org owner) may create one too, and then maintains it.
    const teamOwner = await createUser(t);
    const ownedTeam = uniqueName('owned');
    await t.http.post(teamUrl(org)).set(admin()).send({ name: ownedTeam }).expect(200);
    await addToTeam(t, org, ownedTeam, teamOwner.id, 'OWNER');
    const name = uniqueName('by-team-owner');
    await t.http.post(teamUrl(org)).set(auth(teamOwner.apiKey)).send({ name }).expect(200);
    const users = await t.http
      .get(`${teamUrl(org, name)}/users`)
      .set(auth(teamOwner.apiKey))
      .expect(200);
    expect(users.body).toEqual([expect.objectContaining({ username: teamOwner.username, role: 'MAINTAINER' })]);
  });

  it('needs MAINTAINER to update a team and its members, and OWNER to delete it', async () => {
    const { org, owner, member, maintainer, outsider } = await setup();

    const denied = await t.http
      .post(teamUrl(org))
      .set(auth(member.apiKey))
      .send({ name: 'default', description: 'no' })
      .expect(403);
    expect(denied.text).toBe(`The current user (${member.username}) does not have the required role: MAINTAINER`);
    await t.http
      .post(teamUrl(org))
      .set(auth(maintainer.apiKey))
      .send({ name: 'default', description: 'by maintainer' })
      .expect(200);

    const put = `${teamUrl(org, 'default')}/users`;
    await t.http
      .put(put)
      .set(auth(member.apiKey))
      .send([{ userId: outsider.id }])
      .expect(403);
    await t.http.delete(put).set(auth(member.apiKey)).send([maintainer.username]).expect(403);
    await t.http
      .put(put)
      .set(auth(maintainer.apiKey))
      .send([{ username: outsider.username }])
      .expect(200);

    const noDelete = await t.http.delete(teamUrl(org, 'default')).set(auth(maintainer.apiKey)).expect(403);
    expect(noDelete.text).toBe(`The current user (${maintainer.username}) does not have the required role: OWNER`);
    await t.http.delete(teamUrl(org, 'default')).set(auth(owner.apiKey)).expect(200, { ok: true, result: 'DELETED' });
  });

  it('adds, re-roles, replaces and removes members', async () => {
    const org = (await createOrg(t)).name;
    const team = uniqueName('team');
    await t.http.post(teamUrl(org)).set(admin()).send({ name: team }).expect(200);
    const [a, b, c] = await Promise.all([createUser(t), createUser(t), createUser(t)]);
    const usersUrl = `${teamUrl(org, team)}/users`;

    await t.http
      .put(usersUrl)
      .set(admin())
      .send([{ userId: a.id }, { username: b.username, role: 'OWNER' }])
      .expect(200, { ok: true });
    let listed = await t.http.get(usersUrl).set(admin()).expect(200);
    const byName = (rows: { username: string; role: string }[]) =>
      Object.fromEntries(rows.map((r) => [r.username, r.role]));
    expect(byName(listed.body)).toEqual({ admin: 'MAINTAINER', [a.username]: 'MEMBER', [b.username]: 'OWNER' });
    const usernames = listed.body.map((r: { username: string }) => r.username);
    expect(usernames).toEqual([...usernames].sort());
    expect(listed.body.find((r: { username: string }) => r.username === a.username)).toEqual({
      userId: a.id,
      username: a.username,
      userType: 'LOCAL',
      role: 'MEMBER',
      memberType: 'SINGLE',
    });

    await t.http
      .put(usersUrl)
      .set(admin())
      .send([{ userId: a.id, role: 'MAINTAINER' }])
      .expect(200);
    await t.http
      .put(`${usersUrl}?replace=true`)
      .set(admin())
      .send([{ userId: c.id }])
      .expect(200);
    listed = await t.http.get(usersUrl).set(admin()).expect(200);
    expect(byName(listed.body)).toEqual({ [c.username]: 'MEMBER' });

    await t.http
      .put(usersUrl)
      .set(admin())
      .send([{ userId: a.id }])
      .expect(200);
    await t.http.delete(usersUrl).set(admin()).send([a.username, 'no-such-user-x']).expect(200, { ok: true });
    listed = await t.http.get(usersUrl).set(admin()).expect(200);
    expect(byName(listed.body)).toEqual({ [c.username]: 'MEMBER' });

    await t.http.put(`${usersUrl}?replace=true`).set(admin()).send([]).expect(200);
    expect((await t.http.get(usersUrl).set(admin()).expect(200)).body).toEqual([]);
  });

  it('rejects empty lists, unknown users and malformed member bodies with 400', async () => {
    const org = (await createOrg(t)).name;
    const usersUrl = `${teamUrl(org, 'default')}/users`;

    for (const req of [t.http.put(usersUrl).send([]), t.http.delete(usersUrl).send([])]) {
      const res = await req.set(admin()).expect(400);
      expect(res.headers['content-type']).toContain(VALIDATION);
      expect(res.body[0].message).toBe('Empty user list');
    }
    const unknown = await t.http
      .put(usersUrl)
      .set(admin())
      .send([{ username: 'no-such-user-y' }])
      .expect(400);
    expect(unknown.body[0].message).toBe('User not found: no-such-user-y');
    await t.http
      .put(usersUrl)
      .set(admin())
      .send([{ username: 'admin', role: 'BOSS' }])
      .expect(400);
    await t.http.put(usersUrl).set(admin()).send({ username: 'admin' }).expect(400);
    await t.http.delete(usersUrl).set(admin()).send([42]).expect(400);

    // Nothing changed: the owner (admin) is still the only member.
    const listed = await t.http.get(usersUrl).set(admin()).expect(200);
    expect(listed.body.map((r: { username: string }) => r.username)).toEqual(['admin']);
  });

  it("keeps one org's members out of another org's members-only team routes", async () => {
    const [ownerA, ownerB] = await Promise.all([createUser(t), createUser(t)]);
    const orgA = (await createOrg(t, { owner: ownerA })).name;
    const orgB = (await createOrg(t, { owner: ownerB })).name;
    const key = auth(ownerA.apiKey);

    await t.http.get(teamUrl(orgA, 'default')).set(key).expect(200);
    for (const req of [
      t.http.get(teamUrl(orgB, 'default')),
      t.http.get(`${teamUrl(orgB, 'default')}/users`),
      t.http.post(teamUrl(orgB)).send({ name: uniqueName('t') }),
      t.http.delete(teamUrl(orgB, 'default')),
      t.http.put(`${teamUrl(orgB, 'default')}/users`).send([{ userId: ownerA.id, role: 'OWNER' }]),
      t.http.delete(`${teamUrl(orgB, 'default')}/users`).send([ownerB.username]),
    ]) {
      const res = await req.set(key).expect(403);
      expect(res.text).toContain(`doesn't belong to the specified organization: ${orgB}`);
    }
    // B's membership is untouched.
    const users = await t.http
      .get(`${teamUrl(orgB, 'default')}/users`)
      .set(auth(ownerB.apiKey))
      .expect(200);
    expect(users.body.map((r: { username: string }) => r.username)).toEqual([ownerB.username]);
  });
});
