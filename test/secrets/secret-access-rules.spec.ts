import { DataSource } from 'typeorm';
import { addToTeam, auth, createOrg, createUser, TestUser } from '../helpers/factories';
import { uniqueName } from '../helpers/names';
import { createSecret, readSecretData } from '../helpers/secrets';
import { useTestApp } from '../helpers/test-app';

describe('secrets: team access rules (set, list, replace), project scoping, lockout and audit', () => {
  let owner: TestUser;
  let reader: TestUser;
  let org: string;
  let team: { id: string; name: string };

  const t = useTestApp({ STRONGROOM_MAX_FAILED_ATTEMPTS: '3', STRONGROOM_LOCKOUT_SECONDS: '2' });
  beforeAll(async () => {
    owner = await createUser(t);
    reader = await createUser(t);
    org = (await createOrg(t)).name;
    await addToTeam(t, org, 'default', owner.id, 'MEMBER');
    const teamName = uniqueName('readers');
    const created = await t.http
      .post(`/api/v1/org/${org}/team`)
      .set(auth(t.adminKey))
      .send({ name: teamName })
      .expect(200);
    team = { id: created.body.id, name: teamName };
    await addToTeam(t, org, teamName, reader.id, 'MEMBER');
  });

  const rules = (name: string) => `/api/v1/org/${org}/secret/${name}/access`;

  it('grants READER to a team by name, lists it, replaces the rules and audits both writes', async () => {
    const name = uniqueName('ruled');
    await createSecret(t, org, owner.apiKey, { name, type: 'data', data: 'v', visibility: 'PRIVATE' }).expect(200);
    await readSecretData(t, org, name, reader.apiKey).expect(403);

    await t.http
      .post(rules(name))
      .set(auth(owner.apiKey))
      .send({ orgName: org, teamName: team.name, level: 'READER' })
      .expect(200, { ok: true, result: 'UPDATED' });
    const listed = await t.http.get(rules(name)).set(auth(reader.apiKey)).expect(200);
    expect(listed.body).toEqual([{ teamId: team.id, teamName: team.name, level: 'READER' }]);
    expect((await readSecretData(t, org, name, reader.apiKey).expect(200)).body.toString()).toBe('v');
    // READER does not allow updates.
    await t.http
      .post(`/api/v2/org/${org}/secret/${name}`)
      .set(auth(reader.apiKey))
      .field('visibility', 'PRIVATE')
      .expect(403);

    await t.http
      .post(`${rules(name)}/bulk`)
      .set(auth(owner.apiKey))
      .send([{ teamId: team.id, level: 'WRITER' }])
      .expect(200);
    expect((await t.http.get(rules(name)).set(auth(owner.apiKey)).expect(200)).body[0].level).toBe('WRITER');
    await t.http.post(`/api/v2/org/${org}/secret/${name}`).set(auth(reader.apiKey)).field('events', 'push').expect(200);

    await t.http
      .post(`${rules(name)}/bulk`)
      .set(auth(owner.apiKey))
      .send([])
      .expect(200);
    expect((await t.http.get(rules(name)).set(auth(owner.apiKey)).expect(200)).body).toEqual([]);
    await readSecretData(t, org, name, reader.apiKey).expect(403);

    const db = t.app.get(DataSource);
    const events: { details: { access?: { replace: boolean } } }[] = await db.query(
      `SELECT details FROM audit_events WHERE object = 'SECRET' AND action = 'UPDATE' AND details->>'name' = $1 AND details ? 'access' ORDER BY seq`,
      [name],
    );
    expect(events.map((e) => e.details.access?.replace)).toEqual([false, true, true]);
  });

  it('answers clear 4xx for a bad rule: unknown team, team of another org, bad level, null list, non-owner', async () => {
    const name = uniqueName('bad-rules');
    await createSecret(t, org, owner.apiKey, { name, type: 'data', data: 'v' }).expect(200);
    const unknown = await t.http
      .post(rules(name))
      .set(auth(owner.apiKey))
      .send({ teamName: 'no-such-team', level: 'READER' })
      .expect(400);
    expect(unknown.body[0].message).toBe('Team not found: no-such-team');
    const otherOrg = await createOrg(t);
    const foreign = await t.http
      .post(rules(name))
      .set(auth(owner.apiKey))
      .send({ orgName: otherOrg.name, teamName: 'default', level: 'READER' })
      .expect(400);
    expect(foreign.body[0].message).toMatch(/must belong to the secret's organization/);
    const foreignId = await t.http.get(`/api/v1/org/${otherOrg.name}/team/default`).set(auth(t.adminKey)).expect(200);
    await t.http
      .post(rules(name))
      .set(auth(owner.apiKey))
      .send({ teamId: foreignId.body.id, level: 'READER' })
      .expect(400);
    const level = await t.http
      .post(rules(name))
      .set(auth(owner.apiKey))
      .send({ teamId: team.id, level: 'ADMIN' })
      .expect(400);
    expect(level.body[0].message).toBe("'level' must be one of READER, WRITER, OWNER");
    const nullList = await t.http
      .post(`${rules(name)}/bulk`)
      .set(auth(owner.apiKey))
      .set('Content-Type', 'application/json')
      .send('')
      .expect(400);
    expect(nullList.text).toBe('List of teams is null.');
    await t.http.post(rules(name)).set(auth(reader.apiKey)).send({ teamId: team.id, level: 'OWNER' }).expect(403);
    const missing = await t.http
      .post(rules('nope-nope'))
      .set(auth(owner.apiKey))
      .send({ teamId: team.id, level: 'READER' })
      .expect(404);
    expect(missing.text).toBe('Secret not found: nope-nope');
  });

  it('project-scoped secrets: only a key bound to a linked project (or a global reader) decrypts them', async () => {
    const projectA = uniqueName('proj-a');
    const projectB = uniqueName('proj-b');
    await t.http.post(`/api/v1/org/${org}/project`).set(auth(t.adminKey)).send({ name: projectA }).expect(200);
    await t.http.post(`/api/v1/org/${org}/project`).set(auth(t.adminKey)).send({ name: projectB }).expect(200);
    const name = uniqueName('scoped');
    await createSecret(t, org, owner.apiKey, { name, type: 'data', data: 'deploy', projects: projectA }).expect(200);

    const plain = await readSecretData(t, org, name, owner.apiKey).expect(403);
    expect(plain.body.toString()).toBe(
      `Project-scoped secrets can only be accessed within a running process. Secret: ${name}`,
    );
    await readSecretData(t, org, name, t.adminKey).expect(403);

    const keyFor = async (projectName: string) =>
      (await t.http.post('/api/v1/apikey').set(auth(owner.apiKey)).send({ orgName: org, projectName }).expect(200)).body
        .key as string;
    expect((await readSecretData(t, org, name, await keyFor(projectA)).expect(200)).body.toString()).toBe('deploy');
    const other = await readSecretData(t, org, name, await keyFor(projectB)).expect(403);
    expect(other.body.toString()).toBe(
      `Project-scoped secrets can only be accessed within the project they belong to. Secret: ${name}`,
    );

    const globalReader = await createUser(t, { roles: ['concordSystemReader'] });
    await readSecretData(t, org, name, globalReader.apiKey).expect(200);
    // The public key stays readable without project scope: checked on a key pair elsewhere; metadata too.
    await t.http.get(`/api/v2/org/${org}/secret/${name}`).set(auth(owner.apiKey)).expect(200);
  });

  it('locks a secret after repeated wrong store passwords (429 + Retry-After, even with the right one) and recovers', async () => {
    const name = uniqueName('locked');
    await createSecret(t, org, owner.apiKey, { name, type: 'data', data: 'v', storePassword: 'RiGhT1pAsS' }).expect(
      200,
    );
    // Each checked guess answers as what it was; the one that reaches the limit (3 here) locks the secret.
    await readSecretData(t, org, name, owner.apiKey, 'Wrong-pass-1').expect(400);
    await readSecretData(t, org, name, owner.apiKey, 'Wrong-pass-2').expect(400);
    await readSecretData(t, org, name, owner.apiKey, 'Wrong-pass-3').expect(400);
    const fourth = await readSecretData(t, org, name, owner.apiKey, 'Wrong-pass-4').expect(429);
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const locked = await readSecretData(t, org, name, owner.apiKey, 'RiGhT1pAsS').expect(429);
    expect(locked.body.toString()).toMatch(/Too many wrong store passwords/);
    await new Promise((r) => setTimeout(r, 2200));
    expect((await readSecretData(t, org, name, owner.apiKey, 'RiGhT1pAsS').expect(200)).body.toString()).toBe('v');
  });

  it('writes CREATE, ACCESS, UPDATE and DELETE events for a secret, with no value in them', async () => {
    const name = uniqueName('audited');
    const value = `value-${uniqueName('x')}`;
    const created = await createSecret(t, org, owner.apiKey, { name, type: 'data', data: value }).expect(200);
    await readSecretData(t, org, name, owner.apiKey).expect(200);
    await t.http
      .post(`/api/v2/org/${org}/secret/${name}`)
      .set(auth(owner.apiKey))
      .field('visibility', 'PRIVATE')
      .expect(200);
    await t.http.delete(`/api/v1/org/${org}/secret/${name}`).set(auth(owner.apiKey)).expect(200);
    const db = t.app.get(DataSource);
    const rows: { action: string; user_id: string; details: Record<string, unknown> }[] = await db.query(
      `SELECT action, user_id, details FROM audit_events WHERE object = 'SECRET' AND details->>'secretId' = $1 ORDER BY seq`,
      [created.body.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['CREATE', 'ACCESS', 'UPDATE', 'DELETE']);
    expect(rows.every((r) => r.user_id === owner.id)).toBe(true);
    expect(rows[1].details).toMatchObject({
      name,
      type: 'DATA',
      scope: { name: 'apiAccess' },
      requestId: expect.any(String),
      actionSource: { type: 'API_REQUEST' },
    });
    expect(rows[2].details).toMatchObject({ changes: { visibility: { old: 'PUBLIC', new: 'PRIVATE' } } });
    expect(JSON.stringify(rows)).not.toContain(value);
  });
});
