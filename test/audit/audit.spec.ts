import { useTestApp } from '../helpers/test-app';
import { addToTeam, auth, createOrg, createUser, TestUser } from '../helpers/factories';
import { uniqueName } from '../helpers/names';
import { createSecret } from '../helpers/secrets';

interface AuditItem {
  entryDate: string;
  object: string;
  action: string;
  details?: Record<string, unknown>;
  user?: { id: string; username: string; userType: string };
}

describe('audit log', () => {
  const t = useTestApp();

  const admin = () => auth(t.adminKey);

  async function audit(key: string, query: Record<string, string | number>, status = 200): Promise<AuditItem[]> {
    const res = await t.http.get('/api/v1/audit').query(query).set(auth(key));
    if (res.status !== status) throw new Error(`audit ${JSON.stringify(query)}: ${res.status} ${res.text}`);
    return res.body as AuditItem[];
  }

  /** Admin search restricted to events written since `since` (other specs share the database). */
  const since = (after: string, query: Record<string, string | number>) =>
    audit(t.adminKey, { after, limit: 1000, ...query });

  const justBefore = () => new Date(Date.now() - 1000).toISOString();

  it('records org, team and project changes with ids, names and a field diff', async () => {
    const org = await createOrg(t);
    const bob = await createUser(t);
    await t.http
      .post('/api/v1/org')
      .set(admin())
      .send({ name: org.name, visibility: 'PRIVATE', meta: { note: 'org-meta-value' } })
      .expect(200);
    const team = uniqueName('team');
    const teamId = (await t.http.post(`/api/v1/org/${org.name}/team`).set(admin()).send({ name: team }).expect(200))
      .body.id as string;
    await t.http
      .post(`/api/v1/org/${org.name}/team`)
      .set(admin())
      .send({ name: team, description: 'new description' })
      .expect(200);
    await addToTeam(t, org.name, team, bob.id, 'MAINTAINER');
    await t.http.delete(`/api/v1/org/${org.name}/team/${team}/users`).set(admin()).send([bob.username]).expect(200);
    await t.http.delete(`/api/v1/org/${org.name}/team/${team}`).set(admin()).expect(200);
    const project = uniqueName('proj');
    const projectId = (
      await t.http.post(`/api/v1/org/${org.name}/project`).set(admin()).send({ name: project }).expect(200)
    ).body.id as string;
    await t.http
      .post(`/api/v1/org/${org.name}/project`)
      .set(admin())
      .send({ name: project, visibility: 'PRIVATE', cfg: { secretish: 'project-cfg-value' } })
      .expect(200);
    await t.http.delete(`/api/v1/org/${org.name}/project/${project}`).set(admin()).expect(200);

    const events = await audit(t.adminKey, { 'details.orgName': org.name, limit: 100 });
    const find = (object: string, action: string, extra: Record<string, unknown> = {}) =>
      events.filter((e) => e.object === object && e.action === action && matches(e.details, extra));

    expect(find('ORGANIZATION', 'CREATE')).toEqual([
      expect.objectContaining({
        details: expect.objectContaining({ orgId: org.id, orgName: org.name }),
        user: expect.objectContaining({ username: 'admin', userType: 'LOCAL' }),
      }),
    ]);
    expect(find('ORGANIZATION', 'UPDATE')[0].details).toMatchObject({
      orgId: org.id,
      changes: { visibility: { old: 'PUBLIC', new: 'PRIVATE' }, meta: 'changed' },
      actionSource: { type: 'API_REQUEST' },
      requestId: expect.any(String),
      requestIp: expect.any(String),
    });
    expect(find('TEAM', 'CREATE', { teamId })[0].details).toMatchObject({ orgId: org.id, teamName: team });
    expect(find('TEAM', 'UPDATE', { teamId, action: 'addUsers' })[0].details).toMatchObject({
      replace: false,
      users: [{ userId: bob.id, username: bob.username, role: 'MAINTAINER' }],
    });
    expect(find('TEAM', 'UPDATE', { teamId, action: 'removeUsers' })[0].details).toMatchObject({
      users: [{ userId: bob.id, username: bob.username }],
    });
    expect(find('TEAM', 'UPDATE', { teamId, changes: {} })[0].details).toMatchObject({
      changes: { description: { old: null, new: 'new description' } },
    });
    expect(find('TEAM', 'DELETE', { teamId })).toHaveLength(1);
    expect(find('PROJECT', 'CREATE', { projectId })[0].details).toMatchObject({
      orgId: org.id,
      orgName: org.name,
      projectName: project,
    });
    expect(find('PROJECT', 'UPDATE', { projectId })[0].details).toMatchObject({
      changes: { visibility: { old: 'PUBLIC', new: 'PRIVATE' }, cfg: 'changed' },
    });
    expect(find('PROJECT', 'DELETE', { projectId })).toHaveLength(1);
    const all = JSON.stringify(events);
    expect(all).not.toContain('org-meta-value');
    expect(all).not.toContain('project-cfg-value');

    const after = justBefore();
    await t.http.delete(`/api/v1/org/${org.name}?confirmation=yes`).set(admin()).expect(200);
    const deleted = await since(after, { object: 'ORGANIZATION', action: 'DELETE' });
    expect(deleted.filter((e) => e.details?.orgId === org.id)).toHaveLength(1);
  });

  it('records user and API key changes without passwords, keys or hashes', async () => {
    const after = justBefore();
    const password = 'Audit-user-pass-1';
    const username = uniqueName('auditee');
    const created = await t.http
      .post('/api/v1/user')
      .set(admin())
      .send({ username, type: 'LOCAL', password, roles: ['concordSystemReader'] })
      .expect(200);
    const userId = created.body.id as string;
    const newPassword = 'Audit-user-pass-2';
    await t.http
      .post('/api/v1/user')
      .set(admin())
      .send({ username, type: 'LOCAL', password: newPassword, displayName: 'Audited' })
      .expect(200);
    const v1 = await t.http.post('/api/v1/apikey').set(admin()).send({ userId, name: 'audit-key' }).expect(200);
    const v2 = await t.http.post('/api/v2/apikey').set(admin()).send({ userId, name: 'audit-key' }).expect(200);
    await t.http
      .delete(`/api/v1/apikey/${v1.body.id as string}`)
      .set(admin())
      .expect(200);
    await t.http.put(`/api/v1/user/${userId}/disable`).set(admin()).expect(200);
    await t.http.delete(`/api/v1/user/${userId}`).set(admin()).expect(200);

    const users = (await since(after, { object: 'USER' })).filter((e) => e.details?.userId === userId);
    expect(users.map((e) => e.action)).toEqual(['DELETE', 'UPDATE', 'UPDATE', 'CREATE']);
    expect(users[3].details).toMatchObject({
      username,
      changes: { type: { new: 'LOCAL' }, roles: { new: ['concordSystemReader'] }, password: 'changed' },
    });
    expect(users[2].details).toMatchObject({
      changes: { displayName: { old: null, new: 'Audited' }, password: 'changed' },
    });
    expect(users[1].details).toMatchObject({ changes: { disabled: { old: false, new: true } } });
    expect(users[0].details).toMatchObject({ userId, username });

    const keys = (await since(after, { object: 'API_KEY' })).filter((e) => e.details?.userId === userId);
    expect(keys.map((e) => e.action)).toEqual(['DELETE', 'UPDATE', 'CREATE']);
    for (const e of keys) {
      expect(e.details).toMatchObject({ id: v1.body.id, name: 'audit-key', userId, expiredAt: null });
    }

    const text = JSON.stringify([...users, ...keys]);
    for (const leaked of [password, newPassword, v1.body.key as string, v2.body.key as string]) {
      expect(text).not.toContain(leaked);
    }
    expect(text).not.toMatch(/hash|argon2/i);
  });

  it('checks the filters: object, action, user, dates, paging and bad input', async () => {
    const org = await createOrg(t);
    const names = [1, 2, 3, 4, 5].map(() => uniqueName('proj'));
    for (const name of names) {
      await t.http.post(`/api/v1/org/${org.name}/project`).set(admin()).send({ name }).expect(200);
    }
    const base = { 'details.orgId': org.id, object: 'PROJECT', action: 'CREATE' };
    const all = await audit(t.adminKey, base);
    expect(all.map((e) => e.details?.projectName)).toEqual([...names].reverse());
    const dates = all.map((e) => e.entryDate);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(dates[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const page1 = await audit(t.adminKey, { ...base, limit: 2 });
    const page2 = await audit(t.adminKey, { ...base, limit: 2, offset: 2 });
    const page3 = await audit(t.adminKey, { ...base, limit: 2, offset: 4 });
    expect([...page1, ...page2, ...page3]).toEqual(all);

    expect(await audit(t.adminKey, { ...base, action: 'DELETE' })).toEqual([]);
    expect(await audit(t.adminKey, { ...base, object: 'TEAM' })).toEqual([]);
    expect(await audit(t.adminKey, { ...base, username: 'admin' })).toHaveLength(5);
    expect(await audit(t.adminKey, { ...base, username: uniqueName('nobody') })).toEqual([]);
    const adminId = all[0].user!.id;
    expect(await audit(t.adminKey, { ...base, userId: adminId })).toHaveLength(5);
    expect(await audit(t.adminKey, { ...base, 'details.ignoredKey': 'x' })).toHaveLength(5);

    // after/before are exclusive.
    expect(await audit(t.adminKey, { ...base, after: all[2].entryDate, before: all[0].entryDate })).toEqual(
      all.filter((e) => e.entryDate > all[2].entryDate && e.entryDate < all[0].entryDate),
    );
    expect(await audit(t.adminKey, { ...base, before: all[4].entryDate })).toEqual([]);

    const bad = async (query: Record<string, string>, message: string) => {
      const res = await t.http.get('/api/v1/audit').query(query).set(admin()).expect(400);
      expect(res.text).toContain(message);
    };
    await bad({ after: 'yesterday' }, "Invalid value of 'after'");
    await bad({ before: '2024-13-45T99:00:00Z' }, "Invalid value of 'before'");
    await bad({ 'details.orgId': 'nope' }, "Invalid request parameters. Expected a UUID in 'details.orgId'");
    await bad({ userId: 'nope' }, "Expected a UUID in 'userId'");
    await bad({ 'details.projectName': 'p' }, "'orgId' or 'orgName' is required");
    await bad({ 'details.secretName': 's' }, "'orgId' or 'orgName' is required");
    await bad({ limit: '1001' }, "Invalid value of 'limit'");
    await bad({ object: 'NOPE' }, "Invalid value of 'object'");
    await bad({ 'details.orgName': uniqueName('missing') }, 'Organization not found');
  });

  describe('authorization', () => {
    let org: { id: string; name: string };
    let member: TestUser;
    let outsider: TestUser;
    const secret = uniqueName('sec');

    beforeAll(async () => {
      org = await createOrg(t);
      member = await createUser(t);
      outsider = await createUser(t);
      await addToTeam(t, org.name, 'default', member.id);
      await createSecret(t, org.name, member.apiKey, { name: secret, type: 'data', data: 'audit-secret-value' }).expect(
        200,
      );
    });

    it('needs an entity filter unless admin', async () => {
      const res = await t.http.get('/api/v1/audit').set(auth(member.apiKey)).expect(403);
      expect(res.text).toBe('Only admins can retrieve audit events without filtering by entity.');
      await t.http.get('/api/v1/audit').query({ object: 'SECRET' }).set(auth(member.apiKey)).expect(403);
      // source/eventId narrow a search but do not open it (Concord lets anyone read those).
      await t.http.get('/api/v1/audit').query({ 'details.source': 'x' }).set(auth(member.apiKey)).expect(403);
      await t.http.get('/api/v1/audit').set(admin()).expect(200);
    });

    it('lets a member filter by org, secret and team; an outsider gets 403', async () => {
      const byOrg = await audit(member.apiKey, { 'details.orgName': org.name });
      expect(byOrg.some((e) => e.object === 'SECRET' && e.action === 'CREATE')).toBe(true);
      await audit(outsider.apiKey, { 'details.orgName': org.name }, 403);
      await audit(outsider.apiKey, { 'details.orgId': org.id }, 403);

      const bySecret = await audit(member.apiKey, { 'details.orgName': org.name, 'details.secretName': secret });
      expect(bySecret.map((e) => `${e.object}/${e.action}`)).toEqual(['SECRET/CREATE']);
      expect(JSON.stringify(bySecret)).not.toContain('audit-secret-value');
      const secretId = bySecret[0].details!.secretId as string;
      expect(await audit(member.apiKey, { 'details.secretId': secretId })).toEqual(bySecret);
      await audit(outsider.apiKey, { 'details.secretId': secretId }, 403);

      const teamId = (await t.http.get(`/api/v1/org/${org.name}/team/default`).set(admin()).expect(200)).body
        .id as string;
      const byTeam = await audit(member.apiKey, { 'details.teamId': teamId });
      expect(byTeam.some((e) => e.object === 'TEAM' && e.details?.action === 'addUsers')).toBe(true);
      await audit(outsider.apiKey, { 'details.teamId': teamId }, 403);
      await audit(outsider.apiKey, { 'details.orgName': org.name, 'details.teamName': 'default' }, 403);
      const missing = await t.http
        .get('/api/v1/audit')
        .query({ 'details.orgName': org.name, 'details.teamName': 'nope-team' })
        .set(auth(member.apiKey))
        .expect(400);
      expect(missing.text).toContain('Team not found: nope-team');
    });

    it('lets a project reader filter by project', async () => {
      const project = uniqueName('proj');
      await t.http.post(`/api/v1/org/${org.name}/project`).set(auth(member.apiKey)).send({ name: project }).expect(200);
      const events = await audit(member.apiKey, { 'details.orgName': org.name, 'details.projectName': project });
      expect(events.map((e) => `${e.object}/${e.action}`)).toEqual(['PROJECT/CREATE']);
      expect(events[0].user).toMatchObject({ id: member.id, username: member.username });
      await audit(outsider.apiKey, { 'details.orgName': org.name, 'details.projectName': project }, 403);
    });
  });
});

/** Does `details` hold every key of `extra` (an empty object value only asks that the key exists)? */
function matches(details: Record<string, unknown> | undefined, extra: Record<string, unknown>): boolean {
  if (!details) return false;
  return Object.entries(extra).every(([k, v]) =>
    typeof v === 'object' && v !== null ? k in details : details[k] === v,
  );
}
