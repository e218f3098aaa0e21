import { addToTeam, auth, createOrg, createUser, TestUser } from '../helpers/factories';
import { uniqueName } from '../helpers/names';
import { createSecret, multipart, readSecretData } from '../helpers/secrets';
import { useTestApp } from '../helpers/test-app';

describe('secrets: updates (v1 JSON, v2 multipart)', () => {
  let alice: TestUser;
  let org: string;

  const t = useTestApp({ STRONGROOM_MAX_SECRET_DATA_SIZE: '2048' });
  beforeAll(async () => {
    alice = await createUser(t);
    org = (await createOrg(t)).name;
    await addToTeam(t, org, 'default', alice.id, 'MEMBER');
  });

  const v2 = (name: string, fields: Record<string, string | Buffer>) =>
    multipart(t, `/api/v2/org/${org}/secret/${name}`, alice.apiKey, fields);
  const meta = async (name: string, status = 200) =>
    (await t.http.get(`/api/v2/org/${org}/secret/${name}`).set(auth(alice.apiKey)).expect(status)).body;

  it('renames without touching visibility (Concord resets it to PUBLIC), and refuses a bad new name', async () => {
    const name = uniqueName('ren');
    await createSecret(t, org, alice.apiKey, { name, type: 'data', data: 'v', visibility: 'PRIVATE' }).expect(200);
    const renamed = `${name}-new`;
    await v2(name, { name: renamed }).expect(200, { ok: true, result: 'UPDATED' });
    expect((await meta(renamed)).visibility).toBe('PRIVATE');
    await meta(name, 404);
    const bad = await v2(renamed, { name: '!bad' }).expect(400);
    expect(bad.body[0].message).toMatch(/^Invalid secret name: !bad/);
    await v2(renamed, { name: renamed }).expect(200);
  });

  it('replaces the data and may change the type; lastUpdatedAt appears', async () => {
    const name = uniqueName('retype');
    await createSecret(t, org, alice.apiKey, { name, type: 'data', data: 'v' }).expect(200);
    expect((await meta(name)).lastUpdatedAt).toBeUndefined();
    await v2(name, { type: 'username_password', username: 'u', password: 'p' }).expect(200);
    const res = await readSecretData(t, org, name, alice.apiKey).expect(200);
    expect(res.headers['x-concord-secrettype']).toBe('USERNAME_PASSWORD');
    expect((await meta(name)).lastUpdatedAt).toEqual(expect.any(String));
  });

  it('v1 JSON: base64 data makes a DATA secret; visibility and name change', async () => {
    const name = uniqueName('v1');
    await createSecret(t, org, alice.apiKey, { name, type: 'username_password', username: 'u', password: 'p' }).expect(
      200,
    );
    await t.http
      .post(`/api/v1/org/${org}/secret/${name}`)
      .set(auth(alice.apiKey))
      .send({ data: Buffer.from('new value').toString('base64'), visibility: 'PRIVATE' })
      .expect(200, { ok: true, result: 'UPDATED' });
    const res = await readSecretData(t, org, name, alice.apiKey).expect(200);
    expect(res.headers['x-concord-secrettype']).toBe('DATA');
    expect(res.body.toString()).toBe('new value');
    expect((await meta(name)).visibility).toBe('PRIVATE');
  });

  it('changes the store password: the new one reads, the old one no longer does', async () => {
    const name = uniqueName('pw');
    await createSecret(t, org, alice.apiKey, {
      name,
      type: 'data',
      data: 'guarded',
      storePassword: 'FiRsT1pAsS',
    }).expect(200);
    await v2(name, { newStorePassword: 'Second-pass-2' }).expect(400);
    const wrong = await v2(name, { storePassword: 'Nope-pass-1', newStorePassword: 'Second-pass-2' }).expect(400);
    expect(wrong.text).toMatch(/Invalid input data and\/or a password/);
    await v2(name, { storePassword: 'FiRsT1pAsS', newStorePassword: 'Second-pass-2' }).expect(200);
    expect((await readSecretData(t, org, name, alice.apiKey, 'Second-pass-2').expect(200)).body.toString()).toBe(
      'guarded',
    );
    await readSecretData(t, org, name, alice.apiKey, 'FiRsT1pAsS').expect(400);
  });

  it('keeps the encryption mode: a server-key secret cannot get a password, data needs the current password', async () => {
    const plain = uniqueName('srv');
    await createSecret(t, org, alice.apiKey, { name: plain, type: 'data', data: 'v' }).expect(200);
    const refused = await v2(plain, { newStorePassword: 'Some-pass-1' }).expect(400);
    expect(refused.text).toBe("The secret is encrypted with the server's key, the 'storePassword' cannot be changed");
    const locked = uniqueName('lck');
    await createSecret(t, org, alice.apiKey, {
      name: locked,
      type: 'data',
      data: 'v',
      storePassword: 'LoCk1PaSs',
    }).expect(200);
    const needs = await v2(locked, { type: 'data', data: 'w' }).expect(400);
    expect(needs.text).toBe("Updating the secret's data requires the original 'storePassword'");
    await v2(locked, { type: 'data', data: 'w', storePassword: 'Wrong-pass-1' }).expect(400);
    await v2(locked, { type: 'data', data: 'w', storePassword: 'LoCk1PaSs' }).expect(200);
    expect((await readSecretData(t, org, locked, alice.apiKey, 'LoCk1PaSs').expect(200)).body.toString()).toBe('w');
  });

  it('oversized data on update is a 413; a bad UUID is a 400; an unknown owner is a 400', async () => {
    const name = uniqueName('lim');
    await createSecret(t, org, alice.apiKey, { name, type: 'data', data: 'v' }).expect(200);
    await v2(name, { type: 'data', data: Buffer.alloc(2049, 1) }).expect(413);
    await t.http
      .post(`/api/v1/org/${org}/secret/${name}`)
      .set(auth(alice.apiKey))
      .send({ data: Buffer.alloc(2049, 1).toString('base64') })
      .expect(413);
    const badUuid = await v2(name, { ownerId: 'not-a-uuid' }).expect(400);
    expect(badUuid.body[0].message).toBe("Invalid request parameters. Expected a UUID in 'ownerId'");
    const unknown = await v2(name, { ownerId: '11111111-2222-3333-4444-555555555555' }).expect(400);
    expect(unknown.body[0].message).toBe('User not found: 11111111-2222-3333-4444-555555555555');
    expect((await readSecretData(t, org, name, alice.apiKey).expect(200)).body.toString()).toBe('v');
  });

  it('changes the owner, and moves the secret to another org the caller belongs to', async () => {
    const bob = await createUser(t);
    await addToTeam(t, org, 'default', bob.id, 'MEMBER');
    const given = uniqueName('own');
    await createSecret(t, org, alice.apiKey, { name: given, type: 'data', data: 'v' }).expect(200);
    await v2(given, { ownerId: bob.id }).expect(200);
    expect((await meta(given)).owner.id).toBe(bob.id);

    // Moving needs OWNER of the secret (a deliberate difference from Concord): alice gave it away.
    const other = await createOrg(t);
    await addToTeam(t, other.name, 'default', alice.id, 'MEMBER');
    expect((await v2(given, { org: other.name }).expect(403)).text).toContain('(OWNER)');

    const name = uniqueName('mv');
    await createSecret(t, org, alice.apiKey, { name, type: 'data', data: 'v' }).expect(200);
    const elsewhere = await createOrg(t);
    const refused = await v2(name, { org: elsewhere.name }).expect(403);
    expect(refused.text).toMatch(/doesn't belong to the specified organization/);
    await addToTeam(t, elsewhere.name, 'default', alice.id, 'MEMBER');
    await v2(name, { org: elsewhere.name }).expect(200);
    await meta(name, 404);
    const moved = await t.http.get(`/api/v2/org/${elsewhere.name}/secret/${name}`).set(auth(alice.apiKey)).expect(200);
    expect(moved.body.orgName).toBe(elsewhere.name);
    expect((await readSecretData(t, elsewhere.name, name, alice.apiKey).expect(200)).body.toString()).toBe('v');
  });

  it('a duplicate target name is refused', async () => {
    const a = uniqueName('dupa');
    const b = uniqueName('dupb');
    await createSecret(t, org, alice.apiKey, { name: a, type: 'data', data: 'v' }).expect(200);
    await createSecret(t, org, alice.apiKey, { name: b, type: 'data', data: 'v' }).expect(200);
    const res = await v2(a, { name: b }).expect(400);
    expect(res.body[0].message).toBe(`Secret already exists: ${b}`);
  });
});
