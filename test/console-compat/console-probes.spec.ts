import { addToTeam, auth, createOrg, createUser, TestOrg, TestUser } from '../helpers/factories';
import { ConsoleClient, consoleClient } from '../helpers/console-client';
import { uniqueName } from '../helpers/names';
import { useTestApp } from '../helpers/test-app';

const PASSWORD = 'PrObEs1PaSs';

/**
 * The console's yes/no questions, asked the way the console asks them (session cookie from whoami,
 * X-Concord-UI-Request): whether "New ..." buttons are enabled, and whether a name is taken.
 */
describe('Concord console probes', () => {
  const t = useTestApp();
  let org: TestOrg;
  let otherOrg: TestOrg;
  let admin: ConsoleClient;
  let member: ConsoleClient;
  let teamOwner: ConsoleClient;
  let outsider: ConsoleClient;
  let memberUser: TestUser;
  let teamName: string;
  let projectName: string;

  beforeAll(async () => {
    const [a, m, o, x] = await Promise.all([
      createUser(t, { password: PASSWORD, roles: ['concordAdmin'] }),
      createUser(t, { password: PASSWORD }),
      createUser(t, { password: PASSWORD }),
      createUser(t, { password: PASSWORD }),
    ]);
    memberUser = m;
    org = await createOrg(t);
    otherOrg = await createOrg(t);
    await addToTeam(t, org.name, 'default', m.id, 'MEMBER');
    await addToTeam(t, org.name, 'default', o.id, 'OWNER');
    // The outsider is at home elsewhere: a member of another org, with a team and a project there.
    await addToTeam(t, otherOrg.name, 'default', x.id, 'OWNER');
    teamName = uniqueName('team');
    projectName = uniqueName('proj');
    await t.http.post(`/api/v1/org/${org.name}/team`).set(auth(t.adminKey)).send({ name: teamName }).expect(200);
    await t.http.post(`/api/v1/org/${org.name}/project`).set(auth(t.adminKey)).send({ name: projectName }).expect(200);
    [admin, member, teamOwner, outsider] = await Promise.all([a, m, o, x].map((u) => consoleClient(t, u)));
  });

  const canCreate = (c: ConsoleClient, kind: string, orgName = org.name) =>
    c.get(`/api/v1/${kind}/canCreate?orgName=${encodeURIComponent(orgName)}`);

  describe('canCreate', () => {
    it.each([
      ['SECRET', { admin: true, member: true, teamOwner: true, outsider: false }],
      ['PROJECT', { admin: true, member: true, teamOwner: true, outsider: false }],
      ['TEAM', { admin: true, member: false, teamOwner: true, outsider: false }],
      ['JSON_STORE', { admin: false, member: false, teamOwner: false, outsider: false }],
    ])('%s answers the create rule for each caller', async (kind, expected) => {
      const answers = {
        admin: (await canCreate(admin, kind).expect(200)).body as unknown,
        member: (await canCreate(member, kind).expect(200)).body as unknown,
        teamOwner: (await canCreate(teamOwner, kind).expect(200)).body as unknown,
        outsider: (await canCreate(outsider, kind).expect(200)).body as unknown,
      };
      expect(answers).toEqual(expected);
    });

    it('answers a bare JSON boolean', async () => {
      const res = await canCreate(member, 'SECRET').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.text).toBe('true');
    });

    it('agrees with the create routes: what it allows succeeds, what it refuses is refused', async () => {
      await member
        .post(`/api/v1/org/${org.name}/project`)
        .send({ name: uniqueName('p') })
        .expect(200);
      await member
        .post(`/api/v1/org/${org.name}/team`)
        .send({ name: uniqueName('t') })
        .expect(403);
      await outsider
        .post(`/api/v1/org/${org.name}/project`)
        .send({ name: uniqueName('p') })
        .expect(403);
    });

    it('is per org: the outsider may create in its own org', async () => {
      expect((await canCreate(outsider, 'SECRET', otherOrg.name).expect(200)).body).toBe(true);
      expect((await canCreate(outsider, 'TEAM', otherOrg.name).expect(200)).body).toBe(true);
    });

    it('needs an org: missing or unknown is a 400 naming it', async () => {
      const missing = await member.get('/api/v1/SECRET/canCreate').expect(400);
      expect(missing.body).toEqual([{ id: 'orgName', message: "'orgName' is required" }]);
      const unknown = await canCreate(member, 'PROJECT', uniqueName('nope')).expect(400);
      expect(JSON.stringify(unknown.body)).toContain('Organization not found');
    });

    it('needs a caller', async () => {
      await t.http.get(`/api/v1/SECRET/canCreate?orgName=${org.name}`).expect(401);
    });

    it('does not shadow the org and user routes', async () => {
      const res = await member.get(`/api/v1/org/${org.name}`).expect(200);
      expect(res.body.name).toBe(org.name);
      await t.http.get(`/api/v1/user/${memberUser.username}`).set(auth(t.adminKey)).expect(200);
    });
  });

  describe('name checks', () => {
    const teamExists = (c: ConsoleClient, o: string, n: string) =>
      c.get(`/api/service/console/org/${o}/team/${n}/exists`);
    const projectExists = (c: ConsoleClient, o: string, n: string) =>
      c.get(`/api/service/console/org/${o}/project/${n}/exists`);

    it('team: true for a taken name, false for a free one', async () => {
      const taken = await teamExists(member, org.name, teamName).expect(200);
      expect(taken.headers['content-type']).toMatch(/^application\/json/);
      expect(taken.text).toBe('true');
      expect((await teamExists(member, org.name, uniqueName('free')).expect(200)).text).toBe('false');
    });

    it('project: true for a taken name, false for a free one', async () => {
      expect((await projectExists(member, org.name, projectName).expect(200)).text).toBe('true');
      expect((await projectExists(member, org.name, uniqueName('free')).expect(200)).text).toBe('false');
    });

    it('tells a caller outside the org nothing, and does not mix orgs up', async () => {
      expect((await teamExists(outsider, org.name, teamName).expect(200)).text).toBe('false');
      expect((await projectExists(outsider, org.name, projectName).expect(200)).text).toBe('false');
      // The same names asked in another org the member does not belong to.
      expect((await projectExists(member, otherOrg.name, projectName).expect(200)).text).toBe('false');
      expect((await teamExists(member, uniqueName('noorg'), teamName).expect(200)).text).toBe('false');
    });

    it('API key: only the caller’s own key names', async () => {
      const name = uniqueName('key');
      await member.post('/api/v1/apikey').send({ name }).expect(200);
      expect((await member.get(`/api/service/console/apikey/${name}/exists`).expect(200)).text).toBe('true');
      expect((await outsider.get(`/api/service/console/apikey/${name}/exists`).expect(200)).text).toBe('false');
      expect((await member.get(`/api/service/console/apikey/${uniqueName('k')}/exists`).expect(200)).text).toBe(
        'false',
      );
    });

    it('needs a caller', async () => {
      await t.http.get(`/api/service/console/org/${org.name}/team/${teamName}/exists`).expect(401);
      await t.http.get(`/api/service/console/apikey/x/exists`).expect(401);
    });
  });
});
