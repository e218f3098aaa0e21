import { addToTeam, auth, createOrg, createUser, TestUser } from '../helpers/factories';
import { uniqueName } from '../helpers/names';
import { createSecret, readSecretData } from '../helpers/secrets';
import { useTestApp } from '../helpers/test-app';

const VALIDATION = 'application/vnd.concord-validation-errors-v1+json';

describe('secrets: every bad input of create gets the 4xx Concord gives', () => {
  let alice: TestUser;
  let org: string;

  const t = useTestApp({ STRONGROOM_MAX_SECRET_DATA_SIZE: '1024' });
  beforeAll(async () => {
    alice = await createUser(t);
    org = (await createOrg(t)).name;
    await addToTeam(t, org, 'default', alice.id, 'MEMBER');
  });

  const create = (fields: Record<string, string | Buffer>) => createSecret(t, org, alice.apiKey, fields);

  it.each([
    ['missing type', { name: 'abc' }, 400, VALIDATION, "'type' is required"],
    ['unknown type', { name: 'abc', type: 'ssh' }, 400, VALIDATION, 'Unsupported secret type: ssh'],
    [
      'unknown store',
      { name: 'abc', type: 'data', data: 'x', storeType: 'keywhiz' },
      400,
      VALIDATION,
      'Secret store of type keywhiz is not available!',
    ],
    ['missing name', { type: 'data', data: 'x' }, 400, 'text/plain', 'name not specified'],
    ['blank name', { name: '   ', type: 'data', data: 'x' }, 400, 'text/plain', 'name not specified'],
    [
      'bad visibility',
      { name: 'abcd', type: 'data', data: 'x', visibility: 'private' },
      400,
      'text/plain',
      'Invalid visibility value: private',
    ],
    ['missing data', { name: 'abcd', type: 'data' }, 400, 'text/plain', 'data not specified'],
    [
      'missing username',
      { name: 'abcd', type: 'username_password', password: 'p' },
      400,
      'text/plain',
      'username not specified',
    ],
    [
      'missing password',
      { name: 'abcd', type: 'username_password', username: 'u' },
      400,
      'text/plain',
      'password not specified',
    ],
    [
      'short store password',
      { name: 'abcd', type: 'data', data: 'x', storePassword: 'Ab1' },
      400,
      'text/plain',
      'Invalid password: Password must be at least seven (7) characters',
    ],
    [
      'store password without upper case',
      { name: 'abcd', type: 'data', data: 'x', storePassword: 'abcdefg1' },
      400,
      'text/plain',
      'Invalid password: Password must contain an UPPER character',
    ],
    [
      'unknown project',
      { name: 'abcd', type: 'data', data: 'x', projects: 'nope-project' },
      400,
      VALIDATION,
      'Project not found: nope-project',
    ],
    [
      'bad project id',
      { name: 'abcd', type: 'data', data: 'x', projectIds: 'not-a-uuid' },
      400,
      VALIDATION,
      'Invalid project id: not-a-uuid',
    ],
    [
      'unknown key algorithm',
      { name: 'abcd', type: 'key_pair', keyAlgorithm: 'dsa' },
      400,
      VALIDATION,
      'Unsupported key algorithm: dsa (expected rsa or ed25519)',
    ],
  ])('%s', async (_case, fields, status, type, message) => {
    const res = await create(fields).expect(status);
    expect(res.headers['content-type']).toContain(type);
    if (type === VALIDATION) expect(res.body[0].message).toBe(message);
    else expect(res.text).toBe(message);
  });

  it('refuses a name that breaks the key rule, with Concord message', async () => {
    const res = await create({ name: '-x', type: 'data', data: 'x' }).expect(400);
    expect(res.body[0].message).toMatch(/^Invalid secret name: -x\. Must be between 2 and 128 characters/);
  });

  it('refuses a duplicate name', async () => {
    const name = uniqueName('dup');
    await create({ name, type: 'data', data: 'x' }).expect(200);
    const res = await create({ name, type: 'data', data: 'y' }).expect(400);
    expect(res.body).toEqual([{ id: '*', message: `Secret already exists: ${name}` }]);
  });

  it('refuses data over the limit with 413 and writes nothing', async () => {
    const name = uniqueName('big');
    const res = await create({ name, type: 'data', data: Buffer.alloc(1025, 1) }).expect(413);
    expect(res.text).toMatch(/exceeds/);
    await t.http.get(`/api/v2/org/${org}/secret/${name}`).set(auth(alice.apiKey)).expect(404);
    await create({ name, type: 'data', data: Buffer.alloc(1024, 1) }).expect(200);
  });

  it('refuses a declared body far over the limit before reading it', async () => {
    const res = await t.http
      .post(`/api/v1/org/${org}/secret`)
      .set(auth(alice.apiKey))
      .set('Content-Type', 'multipart/form-data; boundary=b')
      .set('Content-Length', String(50 * 1024 * 1024))
      .send('--b--');
    expect([413, 400]).toContain(res.status);
  });

  it('answers 400 for an unknown org, 404 for an unknown secret, 401 without credentials, 403 for non-members', async () => {
    const unknownOrg = await createSecret(t, 'no-such-org-x', alice.apiKey, {
      name: 'abcd',
      type: 'data',
      data: 'x',
    }).expect(400);
    expect(unknownOrg.body[0].message).toBe('Organization not found: no-such-org-x');
    await t.http.get(`/api/v2/org/${org}/secret/nope-nope`).set(auth(alice.apiKey)).expect(404);
    await t.http.get(`/api/v2/org/${org}/secret/nope-nope`).expect(401);
    const outsider = await createUser(t);
    const denied = await createSecret(t, org, outsider.apiKey, { name: 'abcd', type: 'data', data: 'x' }).expect(403);
    expect(denied.text).toBe(
      `The current user (${outsider.username}) doesn't belong to the specified organization: ${org}`,
    );
  });

  it('password-protected reads: missing, wrong and misplaced passwords are 400s with Concord messages', async () => {
    const name = uniqueName('locked');
    const created = await create({ name, type: 'data', data: 'top', generatePassword: 'true' }).expect(200);
    const password = created.body.password as string;
    expect(password).toHaveLength(12);
    const missing = await readSecretData(t, org, name, alice.apiKey).expect(400);
    expect(missing.body.toString()).toBe(
      `Error while fetching a secret '${name}': The secret '${name}' requires a password to decrypt`,
    );
    const wrong = await readSecretData(t, org, name, alice.apiKey, 'Wrong-pass-1').expect(400);
    expect(wrong.body.toString()).toBe(
      `Error while fetching a secret '${name}': Error decrypting a secret: Invalid input data and/or a password.`,
    );
    expect((await readSecretData(t, org, name, alice.apiKey, password).expect(200)).body.toString()).toBe('top');

    const plain = uniqueName('plain');
    await create({ name: plain, type: 'data', data: 'x' }).expect(200);
    const misplaced = await readSecretData(t, org, plain, alice.apiKey, 'Some-pass-1').expect(400);
    expect(misplaced.body.toString()).toBe(
      `Error while fetching a secret '${plain}': Not a password-protected secret '${plain}'`,
    );
  });

  it('public key of a non key-pair secret is a 400', async () => {
    const name = uniqueName('notkey');
    await create({ name, type: 'data', data: 'x' }).expect(200);
    const res = await t.http.get(`/api/v1/org/${org}/secret/${name}/public`).set(auth(alice.apiKey)).expect(400);
    expect(res.text).toBe(
      `Error while fetching a secret '${name}': Invalid secret type: ${name}, expected KEY_PAIR, got: DATA`,
    );
  });
});
