import { DataSource } from 'typeorm';
import { addToTeam, auth, createOrg, createUser, TestOrg, TestUser } from '../helpers/factories';
import { ConsoleClient, consoleClient } from '../helpers/console-client';
import { uniqueName } from '../helpers/names';
import { useTestApp } from '../helpers/test-app';

const PASSWORD = 'PrOjAcC1PaSs';

interface Team {
  id: string;
  name: string;
}

/**
 * Team access levels on projects, driven as the console's project pages drive them: the Access tab
 * (GET .../access, POST .../access/bulk), the single upsert, and the project rules that use them.
 */
describe('project team access', () => {
  const t = useTestApp();
  let org: TestOrg;
  let otherOrg: TestOrg;
  let users: Record<'owner' | 'dev' | 'member' | 'outsider', TestUser>;
  let as: Record<'owner' | 'dev' | 'member' | 'outsider', ConsoleClient>;
  let devs: Team;
  let foreignTeam: Team;

  const createTeam = async (orgName: string): Promise<Team> => {
    const name = uniqueName('team');
    const res = await t.http.post(`/api/v1/org/${orgName}/team`).set(auth(t.adminKey)).send({ name }).expect(200);
    return { id: res.body.id, name };
  };

  /** A PRIVATE project owned by `owner`, with no team access yet. */
  const newProject = async (): Promise<string> => {
    const name = uniqueName('proj');
    await as.owner.post(`/api/v1/org/${org.name}/project`).send({ name, visibility: 'PRIVATE' }).expect(200);
    return name;
  };
  const accessPath = (project: string) => `/api/v1/org/${org.name}/project/${project}/access`;

  beforeAll(async () => {
    const [owner, dev, member, outsider] = await Promise.all(
      [0, 1, 2, 3].map(() => createUser(t, { password: PASSWORD })),
    );
    users = { owner, dev, member, outsider };
    [org, otherOrg] = await Promise.all([createOrg(t), createOrg(t)]);
    devs = await createTeam(org.name);
    foreignTeam = await createTeam(otherOrg.name);
    await addToTeam(t, org.name, 'default', owner.id);
    await addToTeam(t, org.name, devs.name, dev.id);
    await addToTeam(t, org.name, 'default', member.id);
    await addToTeam(t, otherOrg.name, foreignTeam.name, outsider.id, 'OWNER');
    const clients = await Promise.all([owner, dev, member, outsider].map((u) => consoleClient(t, u)));
    as = { owner: clients[0], dev: clients[1], member: clients[2], outsider: clients[3] };
  });

  it('the Access tab: an empty list, then the bulk update, then the list with org and team names', async () => {
    const project = await newProject();
    await as.owner.get(accessPath(project)).expect(200, []);
    await as.owner
      .post(`${accessPath(project)}/bulk`)
      .send([{ teamId: devs.id, teamName: devs.name, level: 'WRITER' }])
      .expect(200, { ok: true, result: 'UPDATED' });
    const listed = await as.owner.get(accessPath(project)).expect(200);
    expect(listed.body).toEqual([{ teamId: devs.id, orgName: org.name, teamName: devs.name, level: 'WRITER' }]);
    // The bulk update replaces: an empty list removes every rule.
    await as.owner
      .post(`${accessPath(project)}/bulk`)
      .send([])
      .expect(200);
    await as.owner.get(accessPath(project)).expect(200, []);
  });

  it('a granted level is used by the project rules (PRIVATE project: WRITER updates, OWNER deletes)', async () => {
    const project = await newProject();
    const describe_ = (c: ConsoleClient) =>
      c.post(`/api/v1/org/${org.name}/project`).send({ name: project, description: uniqueName('d') });
    expect((await describe_(as.dev).expect(403)).text).toContain('(WRITER)');
    await as.owner.post(accessPath(project)).send({ teamId: devs.id, level: 'WRITER' }).expect(200);
    expect((await describe_(as.dev).expect(200)).body.result).toBe('UPDATED');
    // WRITER does not let the team change access or delete the project.
    await as.dev
      .post(`${accessPath(project)}/bulk`)
      .send([])
      .expect(403);
    await as.dev.delete(`/api/v1/org/${org.name}/project/${project}`).expect(403);
    // A member of another team of the org gains nothing from the grant.
    await describe_(as.member).expect(403);
    await as.owner
      .post(accessPath(project))
      .send({ orgName: org.name, teamName: devs.name, level: 'OWNER' })
      .expect(200);
    await as.dev
      .post(`${accessPath(project)}/bulk`)
      .send([{ teamId: devs.id, level: 'OWNER' }])
      .expect(200);
    await as.dev.delete(`/api/v1/org/${org.name}/project/${project}`).expect(200);
  });

  it('who may read and change the rules', async () => {
    const project = await newProject();
    await as.owner.post(accessPath(project)).send({ teamId: devs.id, level: 'READER' }).expect(200);
    // Org members read a project's rules; only its OWNERs change them.
    expect((await as.member.get(accessPath(project)).expect(200)).body).toHaveLength(1);
    const refused = await as.member
      .post(`${accessPath(project)}/bulk`)
      .send([])
      .expect(403);
    expect(refused.text).toContain('(OWNER)');
    // Outside the org: a PRIVATE project's rules are not shown, and cannot be changed.
    await as.outsider.get(accessPath(project)).expect(403);
    await as.outsider
      .post(`${accessPath(project)}/bulk`)
      .send([{ teamId: foreignTeam.id, level: 'OWNER' }])
      .expect(403);
    expect((await as.owner.get(accessPath(project)).expect(200)).body).toEqual([
      { teamId: devs.id, orgName: org.name, teamName: devs.name, level: 'READER' },
    ]);
  });

  it('never grants a team of another org', async () => {
    const project = await newProject();
    const byId = await as.owner.post(`${accessPath(project)}/bulk`).send([{ teamId: foreignTeam.id, level: 'OWNER' }]);
    expect(byId.status).toBe(400);
    expect(byId.body[0]).toEqual({
      id: 'teamId',
      message: `Team not found in organization '${org.name}': ${foreignTeam.id}`,
    });
    const byName = await as.owner
      .post(accessPath(project))
      .send({ orgName: otherOrg.name, teamName: foreignTeam.name, level: 'READER' })
      .expect(400);
    expect(byName.body[0].message).toContain(`must belong to the project's organization '${org.name}'`);
    await as.owner.get(accessPath(project)).expect(200, []);
    // And the foreign team's OWNER gains nothing on this org's project.
    await as.outsider.post(`/api/v1/org/${org.name}/project`).send({ name: project, description: 'x' }).expect(403);
  });

  it('bad bodies are 400s naming the problem', async () => {
    const project = await newProject();
    const none = await as.owner
      .post(`${accessPath(project)}/bulk`)
      .set('Content-Type', 'application/json')
      .send('');
    expect(none.status).toBe(400);
    expect(none.text).toBe('List of teams is null.');
    const level = await as.owner.post(`${accessPath(project)}/bulk`).send([{ teamId: devs.id, level: 'BOSS' }]);
    expect(level.status).toBe(400);
    expect(level.body[0].id).toBe('[0].level');
    const noTeam = await as.owner.post(accessPath(project)).send({ level: 'READER' }).expect(400);
    expect(noTeam.body[0].message).toBe('You must specify a team id, or an organization and a team name.');
    await as.owner.get(`/api/v1/org/${org.name}/project/${uniqueName('nope')}/access`).expect(404);
  });

  it('every change is audited with the rules it set', async () => {
    const project = await newProject();
    await as.owner
      .post(`${accessPath(project)}/bulk`)
      .send([{ teamId: devs.id, level: 'WRITER' }])
      .expect(200);
    const rows: { action: string; user_id: string; details: Record<string, unknown> }[] = await t.app
      .get(DataSource)
      .query(
        `SELECT action, user_id, details FROM audit_events
          WHERE object = 'PROJECT' AND details->>'projectName' = $1 AND details ? 'access' ORDER BY seq`,
        [project],
      );
    expect(rows).toHaveLength(1);
    expect(rows[0].user_id).toBe(users.owner.id);
    expect(rows[0].details).toMatchObject({
      orgName: org.name,
      access: { replace: true, teams: [{ id: devs.id, level: 'WRITER' }] },
    });
  });

  it('a deleted team leaves no rule behind', async () => {
    const project = await newProject();
    const team = await createTeam(org.name);
    await as.owner.post(accessPath(project)).send({ teamId: team.id, level: 'READER' }).expect(200);
    await t.http.delete(`/api/v1/org/${org.name}/team/${team.name}`).set(auth(t.adminKey)).expect(200);
    await as.owner.get(accessPath(project)).expect(200, []);
  });

  describe("the project's Settings tab", () => {
    it('renames, changes visibility and owner, and deletes, as the console sends them', async () => {
      const project = await newProject();
      const created = await as.owner.get(`/api/v2/org/${org.name}/project/${project}`).expect(200);
      const id = created.body.id as string;
      const renamed = `${project}-r`;
      await as.owner
        .post(`/api/v1/org/${org.name}/project`)
        .send({ id, name: renamed })
        .expect(200, { ok: true, id, result: 'UPDATED' });
      await as.owner
        .post(`/api/v1/org/${org.name}/project`)
        .send({ id, name: renamed, visibility: 'PUBLIC' })
        .expect(200);
      expect((await as.owner.get(`/api/v2/org/${org.name}/project/${renamed}`).expect(200)).body.visibility).toBe(
        'PUBLIC',
      );
      await as.owner
        .post(`/api/v1/org/${org.name}/project`)
        .send({ name: renamed, owner: { id: users.member.id } })
        .expect(200);
      const owned = await as.member.get(`/api/v2/org/${org.name}/project/${renamed}`).expect(200);
      expect(owned.body.owner.id).toBe(users.member.id);
      // The former owner is now an ordinary member: deleting is the new owner's call.
      await as.owner.delete(`/api/v1/org/${org.name}/project/${renamed}`).expect(403);
      await as.member.delete(`/api/v1/org/${org.name}/project/${renamed}`).expect(200, { ok: true, result: 'DELETED' });
      await as.member.get(`/api/v2/org/${org.name}/project/${renamed}`).expect(404);
    });
  });
});
