import { addToTeam, auth, createOrg, createUser, TestOrg, TestUser } from '../helpers/factories';
import { ConsoleClient, consoleClient } from '../helpers/console-client';
import { uniqueName } from '../helpers/names';
import { createSecret, multipart, readSecretData } from '../helpers/secrets';
import { useTestApp } from '../helpers/test-app';

const PASSWORD = 'JsOnUpD1PaSs';

/**
 * The v2 update as Concord's console sends it: JSON with the console's field names, read by the
 * same rules as the multipart form, and never "UPDATED" for a body in which nothing was understood.
 */
describe('secrets: v2 update with a JSON body', () => {
  const t = useTestApp();
  let alice: TestUser;
  let bob: TestUser;
  let org: TestOrg;
  let target: TestOrg;
  let stranger: TestOrg;
  let console_: ConsoleClient;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([createUser(t, { password: PASSWORD }), createUser(t)]);
    [org, target, stranger] = await Promise.all([createOrg(t), createOrg(t), createOrg(t)]);
    await addToTeam(t, org.name, 'default', alice.id, 'MEMBER');
    await addToTeam(t, target.name, 'default', alice.id, 'MEMBER');
    await addToTeam(t, org.name, 'default', bob.id, 'MEMBER');
    console_ = await consoleClient(t, alice);
  });

  const newSecret = async (visibility = 'PUBLIC') => {
    const name = uniqueName('js');
    await createSecret(t, org.name, alice.apiKey, { name, type: 'data', data: 'v', visibility }).expect(200);
    return name;
  };
  const update = (name: string, body: unknown, orgName = org.name) =>
    console_.post(`/api/v2/org/${orgName}/secret/${name}`).send(body as object);
  const meta = async (orgName: string, name: string, status = 200) =>
    (await t.http.get(`/api/v2/org/${orgName}/secret/${name}`).set(auth(alice.apiKey)).expect(status)).body;

  it('"Move to another organization" ({orgName}) moves the secret', async () => {
    const name = await newSecret();
    await update(name, { orgName: target.name }).expect(200, { ok: true, result: 'UPDATED' });
    await meta(org.name, name, 404);
    expect((await meta(target.name, name)).orgName).toBe(target.name);
    expect((await readSecretData(t, target.name, name, alice.apiKey).expect(200)).body.toString()).toBe('v');
  });

  it('the multipart spellings work in JSON too (org, orgId)', async () => {
    const byName = await newSecret();
    await update(byName, { org: target.name }).expect(200);
    expect((await meta(target.name, byName)).orgName).toBe(target.name);
    const byId = await newSecret();
    await update(byId, { orgId: target.id }).expect(200);
    expect((await meta(target.name, byId)).orgName).toBe(target.name);
  });

  it('a move follows the multipart rules: the same refusal, word for word', async () => {
    const name = await newSecret();
    const json = await update(name, { orgName: stranger.name }).expect(403);
    const form = await multipart(t, `/api/v2/org/${org.name}/secret/${name}`, alice.apiKey, {
      org: stranger.name,
    }).expect(403);
    expect(json.text).toBe(form.text);
    expect(json.text).toMatch(/doesn't belong to the specified organization/);
    await meta(org.name, name);
  });

  it('owner: {id}, name, visibility and projectName change what they say', async () => {
    const name = await newSecret();
    const project = uniqueName('p');
    await console_.post(`/api/v1/org/${org.name}/project`).send({ name: project }).expect(200);
    await update(name, { projectName: project }).expect(200);
    expect((await meta(org.name, name)).projects.map((x: { name: string }) => x.name)).toEqual([project]);
    await update(name, { projectName: '' }).expect(200);
    expect((await meta(org.name, name)).projects).toEqual([]);
    const renamed = `${name}-r`;
    await update(name, { name: renamed, visibility: 'PRIVATE' }).expect(200);
    expect((await meta(org.name, renamed)).visibility).toBe('PRIVATE');
    await update(renamed, { owner: { id: bob.id } }).expect(200);
    const given = await t.http.get(`/api/v2/org/${org.name}/secret/${renamed}`).set(auth(bob.apiKey)).expect(200);
    expect(given.body.owner.id).toBe(bob.id);
  });

  it('a known field that changes nothing still answers UPDATED', async () => {
    const name = await newSecret('PRIVATE');
    await update(name, { visibility: 'PRIVATE' }).expect(200, { ok: true, result: 'UPDATED' });
    await update(name, { visibility: 'PRIVATE', somethingElse: 1 }).expect(200);
  });

  it.each([
    ['an empty object', {}],
    ['only unknown fields', { orgname: 'x', colour: 'blue' }],
  ])('nothing understood (%s) is a 400 naming the fields', async (_what, body) => {
    const name = await newSecret();
    const res = await update(name, body).expect(400);
    expect(res.body[0].message).toMatch(/^Nothing to update: send at least one of .*orgName.*owner/);
  });

  it('nothing understood in a multipart form is a 400 too', async () => {
    const name = await newSecret();
    const res = await multipart(t, `/api/v2/org/${org.name}/secret/${name}`, alice.apiKey, { colour: 'blue' }).expect(
      400,
    );
    expect(res.body[0].message).toMatch(/^Nothing to update: send at least one of .*visibility/);
  });

  it('bad values are 400s naming the field; new data needs multipart', async () => {
    const name = await newSecret();
    const badOwner = await update(name, { owner: { id: 'not-a-uuid' } }).expect(400);
    expect(badOwner.body[0].id).toBe('owner.id');
    const badType = await update(name, { orgName: 42 }).expect(400);
    expect(badType.body[0]).toEqual({ id: 'orgName', message: "'orgName' must be a string" });
    const data = await update(name, { data: 'dmFsdWU=' }).expect(400);
    expect(data.body[0]).toEqual({
      id: 'data',
      message: "New secret data ('data') must be sent as multipart/form-data",
    });
    const visibility = await update(name, { visibility: 'SECRET' }).expect(400);
    expect(visibility.text).toContain('Invalid visibility value: SECRET');
    await update(name, [{ orgName: target.name }]).expect(400);
    expect((await meta(org.name, name)).orgName).toBe(org.name);
  });
});
