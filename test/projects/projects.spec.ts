import { randomUUID } from 'node:crypto';
import { useTestApp } from '../helpers/test-app';
import { TestUser, addToTeam, auth, createOrg, createUser } from '../helpers/factories';
import { uniqueName } from '../helpers/names';

const VALIDATION = 'application/vnd.concord-validation-errors-v1+json';
const CONCORD_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface ProjectRow {
  name: string;
  visibility: string;
  cfg?: unknown;
  meta?: unknown;
}

describe('projects', () => {
  const t = useTestApp();

  const admin = () => auth(t.adminKey);
  const listUrl = (org: string) => `/api/v1/org/${org}/project`;
  const v1 = (org: string, name: string) => `/api/v1/org/${org}/project/${name}`;
  const v2 = (org: string, name: string) => `/api/v2/org/${org}/project/${name}`;

  /** An org owned by a fresh user, with a plain MEMBER and an outsider who is in no team of it. */
  async function setup(): Promise<{ org: string; owner: TestUser; member: TestUser; outsider: TestUser }> {
    const [owner, member, outsider] = await Promise.all([createUser(t), createUser(t), createUser(t)]);
    const org = (await createOrg(t, { owner })).name;
    await addToTeam(t, org, 'default', member.id, 'MEMBER');
    return { org, owner, member, outsider };
  }

  async function createProject(
    org: string,
    key: string,
    body: Record<string, unknown>,
  ): Promise<{ id: string; name: string }> {
    const name = (body.name as string | undefined) ?? uniqueName('proj');
    const res = await t.http
      .post(listUrl(org))
      .set(auth(key))
      .send({ ...body, name });
    expect(res.status).toBe(200);
    return { id: res.body.id as string, name };
  }

  it('creates, reads (v1 and v2), lists, updates, renames and deletes a project', async () => {
    const { org, member } = await setup();
    const name = uniqueName('proj');
    // (A member may not map a Woodpecker repository: test/access-integrations.spec.ts.)
    const meta = { board: 42, labels: ['a'] };
    const created = await t.http
      .post(listUrl(org))
      .set(auth(member.apiKey))
      .send({ name, description: 'first', meta, cfg: { arguments: { x: 1 } } })
      .expect(200);
    expect(created.body).toEqual({ ok: true, id: expect.any(String), result: 'CREATED' });
    const id = created.body.id as string;

    const got = await t.http.get(v2(org, name)).set(auth(member.apiKey)).expect(200);
    expect(got.body).toEqual({
      id,
      name,
      description: 'first',
      orgId: expect.any(String),
      orgName: org,
      visibility: 'PUBLIC',
      owner: { id: member.id, username: member.username, userType: 'LOCAL' },
      rawPayloadMode: 'DISABLED',
      outVariablesMode: 'DISABLED',
      processExecMode: 'READERS',
      createdAt: expect.stringMatching(CONCORD_DATE),
      cfg: { arguments: { x: 1 } },
      meta,
    });
    expect((await t.http.get(v1(org, name)).set(auth(member.apiKey)).expect(200)).body).toEqual(got.body);

    const listed = await t.http.get(listUrl(org)).set(auth(member.apiKey)).expect(200);
    const { cfg: _cfg, meta: _meta, ...summary } = got.body as Record<string, unknown>;
    expect(listed.body).toEqual([summary]);

    await t.http
      .post(listUrl(org))
      .set(auth(member.apiKey))
      .send({ name, description: 'second', meta: { board: 7 } })
      .expect(200, { ok: true, id, result: 'UPDATED' });
    const updated = await t.http.get(v2(org, name)).set(auth(member.apiKey)).expect(200);
    expect(updated.body).toMatchObject({
      description: 'second',
      meta: { board: 7 },
      cfg: { arguments: { x: 1 } },
    });

    const other = await createProject(org, member.apiKey, {});
    const clash = await t.http.post(listUrl(org)).set(auth(member.apiKey)).send({ id, name: other.name }).expect(400);
    expect(clash.headers['content-type']).toContain(VALIDATION);
    expect(clash.body[0].message).toBe(`Project already exists: ${other.name}`);

    const renamed = uniqueName('renamed');
    await t.http.post(listUrl(org)).set(auth(member.apiKey)).send({ id, name: renamed }).expect(200);
    await t.http.get(v2(org, renamed)).set(auth(member.apiKey)).expect(200);

    await t.http.delete(v1(org, renamed)).set(auth(member.apiKey)).expect(200, { ok: true, result: 'DELETED' });
    const gone = await t.http.get(v2(org, renamed)).set(auth(member.apiKey)).expect(404);
    expect(gone.text).toBe(`Project not found: ${renamed}`);
    expect(gone.headers['content-type']).toContain('text/plain');
  });

  it('answers 401 without credentials on every route', async () => {
    const org = (await createOrg(t)).name;
    await t.http.post(listUrl(org)).send({ name: 'abc' }).expect(401);
    await t.http.get(listUrl(org)).expect(401);
    await t.http.get(v1(org, 'abc')).expect(401);
    await t.http.get(v2(org, 'abc')).expect(401);
    await t.http.delete(v1(org, 'abc')).expect(401);
  });

  it('rejects bad names, a missing name, unknown ids and unknown orgs with 400, and answers 404 for a missing project', async () => {
    const org = (await createOrg(t)).name;
    for (const bad of ['-bad', 'ab', 'a/b c']) {
      const res = await t.http.post(listUrl(org)).set(admin()).send({ name: bad }).expect(400);
      expect(res.headers['content-type']).toContain(VALIDATION);
      expect(res.body[0]).toEqual({ id: 'name', message: expect.stringContaining(`Invalid project name: ${bad}`) });
    }
    const noName = await t.http.post(listUrl(org)).set(admin()).send({ description: 'x' }).expect(400);
    expect(noName.body[0].message).toBe("'name' is required");
    await t.http
      .post(listUrl(org))
      .set(admin())
      .send({ name: uniqueName('p'), visibility: 'SECRET' })
      .expect(400);
    await t.http
      .post(listUrl(org))
      .set(admin())
      .send({ name: uniqueName('p'), meta: 'not-an-object' })
      .expect(400);
    const missingOwner = await t.http
      .post(listUrl(org))
      .set(admin())
      .send({ name: uniqueName('p'), owner: { username: 'no-such-owner' } })
      .expect(400);
    expect(missingOwner.body[0].message).toBe('User not found: no-such-owner');

    const id = randomUUID();
    const unknownId = await t.http.post(listUrl(org)).set(admin()).send({ id, name: 'abc' }).expect(400);
    expect(unknownId.body[0].message).toBe(`Project not found: ${id}`);

    const missingOrg = uniqueName('no-org');
    for (const req of [
      t.http.post(listUrl(missingOrg)).send({ name: 'abc' }),
      t.http.get(listUrl(missingOrg)),
      t.http.get(v2(missingOrg, 'abc')),
      t.http.delete(v1(missingOrg, 'abc')),
    ]) {
      const res = await req.set(admin()).expect(400);
      expect(res.body[0].message).toBe(`Organization not found: ${missingOrg}`);
    }

    for (const req of [t.http.get(v1(org, 'nope')), t.http.get(v2(org, 'nope')), t.http.delete(v1(org, 'nope'))]) {
      const res = await req.set(admin()).expect(404);
      expect(res.text).toBe('Project not found: nope');
    }
  });

  it('lets outsiders read PUBLIC projects only, and keeps writes to members, owners and admins', async () => {
    const { org, owner, member, outsider } = await setup();
    const pub = await createProject(org, member.apiKey, { visibility: 'PUBLIC' });
    const priv = await createProject(org, member.apiKey, { visibility: 'PRIVATE' });
    const fellow = await createUser(t);
    await addToTeam(t, org, 'default', fellow.id, 'MEMBER');

    const notMember = await t.http.post(listUrl(org)).set(auth(outsider.apiKey)).send({ name: 'abc' }).expect(403);
    expect(notMember.text).toBe(
      `The current user (${outsider.username}) doesn't belong to the specified organization: ${org}`,
    );
    await t.http.get(v2(org, pub.name)).set(auth(outsider.apiKey)).expect(200);
    const hidden = await t.http.get(v2(org, priv.name)).set(auth(outsider.apiKey)).expect(403);
    expect(hidden.text).toBe(
      `The current user (${outsider.username}) doesn't have the necessary access level (READER) to the project: ${priv.name}`,
    );
    await t.http.delete(v1(org, pub.name)).set(auth(outsider.apiKey)).expect(403);

    // Another member: reads both, writes the PUBLIC one, but neither writes the PRIVATE one nor owns anything.
    await t.http.get(v2(org, priv.name)).set(auth(fellow.apiKey)).expect(200);
    await t.http.post(listUrl(org)).set(auth(fellow.apiKey)).send({ name: pub.name, description: 'x' }).expect(200);
    const noWrite = await t.http
      .post(listUrl(org))
      .set(auth(fellow.apiKey))
      .send({ name: priv.name, description: 'x' })
      .expect(403);
    expect(noWrite.text).toContain('necessary access level (WRITER)');
    const noOwnerChange = await t.http
      .post(listUrl(org))
      .set(auth(fellow.apiKey))
      .send({ name: pub.name, owner: { id: fellow.id } })
      .expect(403);
    expect(noOwnerChange.text).toContain('necessary access level (OWNER)');
    await t.http.delete(v1(org, pub.name)).set(auth(fellow.apiKey)).expect(403);

    // The project owner hands the project over; the org owner may delete it.
    await t.http
      .post(listUrl(org))
      .set(auth(member.apiKey))
      .send({ name: pub.name, owner: { id: fellow.id } })
      .expect(200);
    const handed = await t.http.get(v2(org, pub.name)).set(auth(fellow.apiKey)).expect(200);
    expect(handed.body.owner.id).toBe(fellow.id);
    await t.http.delete(v1(org, pub.name)).set(auth(owner.apiKey)).expect(200, { ok: true, result: 'DELETED' });
    await t.http.delete(v1(org, priv.name)).set(admin()).expect(200);
  });

  it('filters the list for non-members, and pages and filters it by name', async () => {
    const { org, member, outsider } = await setup();
    const prefix = uniqueName('p');
    for (const [suffix, visibility] of [
      ['a', 'PUBLIC'],
      ['b', 'PRIVATE'],
      ['c', 'PUBLIC'],
      ['d', 'PRIVATE'],
    ]) {
      await createProject(org, member.apiKey, { name: `${prefix}-${suffix}`, visibility });
    }
    // The outsider owns one PRIVATE project (an admin made it for them).
    await createProject(org, t.adminKey, { name: `${prefix}-e`, visibility: 'PRIVATE', owner: { id: outsider.id } });

    const names = (rows: ProjectRow[]) => rows.map((r) => r.name.slice(prefix.length + 1));
    const asMember = await t.http.get(listUrl(org)).set(auth(member.apiKey)).expect(200);
    expect(names(asMember.body)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(asMember.body.every((r: ProjectRow) => r.cfg === undefined && r.meta === undefined)).toBe(true);
    const asOutsider = await t.http.get(listUrl(org)).set(auth(outsider.apiKey)).expect(200);
    expect(names(asOutsider.body)).toEqual(['a', 'c', 'e']);
    const asAdmin = await t.http.get(listUrl(org)).set(admin()).expect(200);
    expect(names(asAdmin.body)).toEqual(['a', 'b', 'c', 'd', 'e']);

    const page = await t.http.get(listUrl(org)).query({ offset: 1, limit: 2 }).set(auth(member.apiKey)).expect(200);
    expect(names(page.body)).toEqual(['b', 'c']);
    const filtered = await t.http
      .get(listUrl(org))
      .query({ filter: `${prefix}-C`.toUpperCase() })
      .set(auth(member.apiKey))
      .expect(200);
    expect(names(filtered.body)).toEqual(['c']);
    await t.http.get(listUrl(org)).query({ limit: 'many' }).set(auth(member.apiKey)).expect(400);
  });

  it("keeps a member of one org away from another org's PRIVATE projects and writes", async () => {
    const a = await setup();
    const b = await setup();
    const bPublic = await createProject(b.org, b.member.apiKey, { visibility: 'PUBLIC' });
    const bPrivate = await createProject(b.org, b.member.apiKey, { visibility: 'PRIVATE' });
    const key = auth(a.member.apiKey);

    const listed = await t.http.get(listUrl(b.org)).set(key).expect(200);
    expect(listed.body.map((r: ProjectRow) => r.name)).toEqual([bPublic.name]);
    await t.http.get(v2(b.org, bPrivate.name)).set(key).expect(403);
    await t.http.get(v1(b.org, bPrivate.name)).set(key).expect(403);
    await t.http
      .post(listUrl(b.org))
      .set(key)
      .send({ name: uniqueName('p') })
      .expect(403);
    await t.http.post(listUrl(b.org)).set(key).send({ name: bPublic.name, description: 'x' }).expect(403);
    await t.http.delete(v1(b.org, bPrivate.name)).set(key).expect(403);
    // The same name may exist in both orgs: names are unique per org.
    await createProject(a.org, a.member.apiKey, { name: bPrivate.name });

    const still = await t.http.get(v2(b.org, bPrivate.name)).set(auth(b.member.apiKey)).expect(200);
    expect(still.body.description).toBeUndefined();
  });
});
