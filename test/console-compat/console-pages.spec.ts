import { DataSource } from 'typeorm';
import { addToTeam, createOrg, createUser, TestOrg } from '../helpers/factories';
import { ConsoleClient, consoleClient } from '../helpers/console-client';
import { uniqueName } from '../helpers/names';
import { useTestApp } from '../helpers/test-app';

const PASSWORD = 'PaGeS1PaSsWd';

/**
 * The calls the console's project, team and landing pages make besides the secrets API: a
 * project's configuration (stored), and the empty answers of the process engine and LDAP, which
 * this server does not have, each behind the check Concord makes.
 */
describe('Concord console pages', () => {
  const t = useTestApp();
  let org: TestOrg;
  let member: ConsoleClient;
  let outsider: ConsoleClient;
  let project: string;
  let publicProject: string;

  beforeAll(async () => {
    const [m, x] = await Promise.all([createUser(t, { password: PASSWORD }), createUser(t, { password: PASSWORD })]);
    org = await createOrg(t);
    await addToTeam(t, org.name, 'default', m.id);
    [member, outsider] = await Promise.all([consoleClient(t, m), consoleClient(t, x)]);
    project = uniqueName('priv');
    publicProject = uniqueName('pub');
    await member.post(`/api/v1/org/${org.name}/project`).send({ name: project, visibility: 'PRIVATE' }).expect(200);
    await member.post(`/api/v1/org/${org.name}/project`).send({ name: publicProject }).expect(200);
  });

  const projectPath = (name: string) => `/api/v1/org/${org.name}/project/${name}`;

  describe('project configuration (cfg)', () => {
    it('is {} until set; PUT replaces it whole and GET returns it', async () => {
      await member.get(`${projectPath(project)}/cfg`).expect(200, {});
      const cfg = { arguments: { env: 'prod', retries: 3 }, nested: { list: [1, 'two', null] } };
      await member
        .put(`${projectPath(project)}/cfg`)
        .send(cfg)
        .expect(200, { ok: true, result: 'UPDATED' });
      await member.get(`${projectPath(project)}/cfg`).expect(200, cfg);
      await member
        .put(`${projectPath(project)}/cfg`)
        .send({ only: true })
        .expect(200);
      await member.get(`${projectPath(project)}/cfg`).expect(200, { only: true });
      // The project's own GET shows the same object.
      expect((await member.get(`/api/v2/org/${org.name}/project/${project}`).expect(200)).body.cfg).toEqual({
        only: true,
      });
    });

    it('is audited without its values', async () => {
      await member
        .put(`${projectPath(publicProject)}/cfg`)
        .send({ token: 'do-not-log-me' })
        .expect(200);
      const rows: { details: Record<string, unknown> }[] = await t.app
        .get(DataSource)
        .query(`SELECT details FROM audit_events WHERE object = 'PROJECT' AND details->>'projectName' = $1`, [
          publicProject,
        ]);
      const update = rows.find((r) => r.details.changes !== undefined);
      expect(update?.details.changes).toEqual({ cfg: 'changed' });
      expect(JSON.stringify(rows)).not.toContain('do-not-log-me');
    });

    it('refuses what is not an object, callers without access, and missing projects', async () => {
      const list = await member
        .put(`${projectPath(project)}/cfg`)
        .send([1, 2])
        .expect(400);
      expect(list.text).toBe('The configuration must be a JSON object');
      await outsider.get(`${projectPath(project)}/cfg`).expect(403);
      // A PUBLIC project is readable by anyone, but only its writers change it.
      await outsider.get(`${projectPath(publicProject)}/cfg`).expect(200);
      await outsider
        .put(`${projectPath(publicProject)}/cfg`)
        .send({ x: 1 })
        .expect(403);
      await member.get(`${projectPath(uniqueName('nope'))}/cfg`).expect(404);
    });
  });

  describe("the process engine's pages, for a project with no processes", () => {
    it('KV capacity is zero', async () => {
      await member.get(`${projectPath(project)}/kv/capacity`).expect(200, { size: 0 });
    });

    it('no repositories', async () => {
      await member.get(`${projectPath(project)}/repository`).expect(200, []);
    });

    it('no triggers and no processes, with the filters the console sends', async () => {
      await member.get(`/api/v2/trigger?orgName=${org.name}&projectName=${project}`).expect(200, []);
      await member.get(`/api/v2/process?orgName=${org.name}&projectName=${project}&limit=50&offset=0`).expect(200, []);
    });

    it("a PRIVATE project's pages stay closed to callers outside the org; missing projects are 404", async () => {
      await outsider.get(`${projectPath(project)}/kv/capacity`).expect(403);
      await outsider.get(`${projectPath(project)}/repository`).expect(403);
      await member.get(`${projectPath(uniqueName('nope'))}/repository`).expect(404);
      await member.get(`/api/v1/org/${uniqueName('noorg')}/project/${project}/kv/capacity`).expect(400);
    });
  });

  it('the landing page: an empty activity', async () => {
    await member.get('/api/v2/service/console/user/activity?maxOwnProcesses=5').expect(200, { processes: [] });
  });

  describe('team LDAP groups', () => {
    it('an empty list for org members', async () => {
      await member.get(`/api/v1/org/${org.name}/team/default/ldapGroups`).expect(200, []);
    });

    it('refused outside the org; a missing team is a 400', async () => {
      await outsider.get(`/api/v1/org/${org.name}/team/default/ldapGroups`).expect(403);
      const missing = await member.get(`/api/v1/org/${org.name}/team/${uniqueName('t')}/ldapGroups`).expect(400);
      expect(missing.body[0].message).toMatch(/^Team not found: /);
    });
  });

  it('every page needs a caller', async () => {
    for (const path of [
      `${projectPath(publicProject)}/cfg`,
      `${projectPath(publicProject)}/kv/capacity`,
      `${projectPath(publicProject)}/repository`,
      '/api/v2/trigger',
      '/api/v2/process',
      '/api/v2/service/console/user/activity',
      `/api/v1/org/${org.name}/team/default/ldapGroups`,
    ]) {
      expect([path, (await t.http.get(path)).status]).toEqual([path, 401]);
    }
  });
});
