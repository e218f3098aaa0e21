import * as crypto from 'node:crypto';
import { addToTeam, auth, createOrg, createUser, TestUser } from '../helpers/factories';
import { uniqueName } from '../helpers/names';
import { bodyBytes, createSecret, readSecretData, usernamePasswordBytes } from '../helpers/secrets';
import { useTestApp } from '../helpers/test-app';

function rsaPair(): { publicKey: string; privateKey: string } {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const jwk = privateKey.export({ format: 'jwk' });
  const mpint = (b64url: string) => {
    let b = Buffer.from(b64url, 'base64url');
    if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  const str = (s: string) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(s.length);
    return Buffer.concat([len, Buffer.from(s)]);
  };
  const blob = Buffer.concat([str('ssh-rsa'), mpint(jwk.e!), mpint(jwk.n!)]);
  return { publicKey: `ssh-rsa ${blob.toString('base64')} test@host\n`, privateKey: pem };
}

describe('secrets: the seed examples and the read routes', () => {
  let alice: TestUser;
  let org: string;

  const t = useTestApp({ STRONGROOM_RSA_BITS: '2048' });
  beforeAll(async () => {
    alice = await createUser(t, { password: 'Alice-pw-123' });
    org = (await createOrg(t)).name;
    await addToTeam(t, org, 'default', alice.id, 'MEMBER');
  });

  const basic = () => `Basic ${Buffer.from(`${alice.username}:${alice.password}`).toString('base64')}`;

  it('generates a key pair (curl -u ... -F name=myKey -F type=key_pair)', async () => {
    const res = await createSecret(t, org, basic(), { name: 'myKey', type: 'key_pair' }).expect(200);
    expect(res.body).toEqual({ ok: true, id: expect.any(String), result: 'CREATED', publicKey: expect.any(String) });
    expect(res.body.publicKey).toMatch(/^ssh-rsa AAAA[A-Za-z0-9+/=]+ concord-server\n$/);

    const pub = await t.http.get(`/api/v1/org/${org}/secret/myKey/public`).set(auth(alice.apiKey)).expect(200);
    expect(pub.body).toEqual({ ok: true, id: res.body.id, name: 'myKey', publicKey: res.body.publicKey });

    const data = await readSecretData(t, org, 'myKey', alice.apiKey).expect(200);
    expect(data.headers['content-type']).toBe('application/octet-stream');
    expect(data.headers['x-concord-secrettype']).toBe('KEY_PAIR');
    const bytes = bodyBytes(data);
    const pubLen = bytes.readInt32BE(0);
    expect(bytes.subarray(4, 4 + pubLen).toString()).toBe(res.body.publicKey);
    const privLen = bytes.readInt32BE(4 + pubLen);
    expect(bytes.subarray(8 + pubLen, 8 + pubLen + privLen).toString()).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
  });

  it('uploads an existing key pair as files (-F public=@id_rsa.pub -F private=@id_rsa)', async () => {
    const pair = rsaPair();
    const name = uniqueName('uploaded');
    await createSecret(t, org, alice.apiKey, {
      name,
      type: 'key_pair',
      public: Buffer.from(pair.publicKey),
      private: Buffer.from(pair.privateKey),
    }).expect(200);
    const data = await readSecretData(t, org, name, alice.apiKey).expect(200);
    const expected = Buffer.concat([
      int32(pair.publicKey.length),
      Buffer.from(pair.publicKey),
      int32(pair.privateKey.length),
      Buffer.from(pair.privateKey),
    ]);
    expect(bodyBytes(data).equals(expected)).toBe(true);
  });

  it('refuses an uploaded pair whose halves do not match, or a missing private half', async () => {
    const a = rsaPair();
    const b = rsaPair();
    const mismatch = await createSecret(t, org, alice.apiKey, {
      name: uniqueName('mismatch'),
      type: 'key_pair',
      public: Buffer.from(a.publicKey),
      private: Buffer.from(b.privateKey),
    }).expect(400);
    expect(mismatch.text).toMatch(/does not match/i);
    const missing = await createSecret(t, org, alice.apiKey, {
      name: uniqueName('half'),
      type: 'key_pair',
      public: Buffer.from(a.publicKey),
    }).expect(400);
    expect(missing.text).toBe('private not specified');
  });

  it('stores a username and password (-F username=myUser -F password=myPass)', async () => {
    const name = uniqueName('creds');
    await createSecret(t, org, basic(), {
      name,
      type: 'username_password',
      username: 'myUser',
      password: 'myPass',
    }).expect(200);
    const data = await readSecretData(t, org, name, alice.apiKey).expect(200);
    expect(data.headers['x-concord-secrettype']).toBe('USERNAME_PASSWORD');
    expect(bodyBytes(data).equals(usernamePasswordBytes('myUser', 'myPass'))).toBe(true);
  });

  it('stores a single value (-F data=myValue) and a binary file', async () => {
    const name = uniqueName('value');
    const created = await createSecret(t, org, basic(), { name, type: 'data', data: 'myValue' }).expect(200);
    expect(created.body).toEqual({ ok: true, id: expect.any(String), result: 'CREATED' });
    const data = await readSecretData(t, org, name, alice.apiKey).expect(200);
    expect(data.headers['x-concord-secrettype']).toBe('DATA');
    expect(bodyBytes(data).toString()).toBe('myValue');

    const binary = crypto.randomBytes(4096);
    const fileName = uniqueName('file');
    await createSecret(t, org, alice.apiKey, { name: fileName, type: 'DATA', data: binary }).expect(200);
    expect(bodyBytes(await readSecretData(t, org, fileName, alice.apiKey).expect(200)).equals(binary)).toBe(true);
  });

  it('returns metadata in the v1 and v2 shapes, and lists sorted by name with paging and filter', async () => {
    const prefix = uniqueName('list');
    for (const suffix of ['c', 'a', 'b']) {
      await createSecret(t, org, alice.apiKey, { name: `${prefix}-${suffix}`, type: 'data', data: 'x' }).expect(200);
    }
    const v2 = await t.http.get(`/api/v2/org/${org}/secret/${prefix}-a`).set(auth(alice.apiKey)).expect(200);
    expect(v2.body).toEqual({
      id: expect.any(String),
      name: `${prefix}-a`,
      orgId: expect.any(String),
      orgName: org,
      projects: [],
      type: 'DATA',
      encryptedBy: 'SERVER_KEY',
      storeType: 'concord',
      visibility: 'PUBLIC',
      owner: { id: alice.id, username: alice.username, userType: 'LOCAL' },
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    const v1 = await t.http.get(`/api/v1/org/${org}/secret/${prefix}-a`).set(auth(alice.apiKey)).expect(200);
    expect(v1.body).toEqual(v2.body);

    const page = await t.http
      .get(`/api/v2/org/${org}/secret`)
      .query({ filter: prefix.toUpperCase(), offset: 1, limit: 1 })
      .set(auth(alice.apiKey))
      .expect(200);
    expect(page.body.map((s: { name: string }) => s.name)).toEqual([`${prefix}-b`]);
    const all = await t.http
      .get(`/api/v1/org/${org}/secret`)
      .query({ filter: prefix })
      .set(auth(alice.apiKey))
      .expect(200);
    expect(all.body.map((s: { name: string }) => s.name)).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
  });

  it('answers the stores list and the console exists probe', async () => {
    await t.http
      .get('/api/v1/secret/store')
      .set(auth(alice.apiKey))
      .expect(200, [{ storeType: 'concord', description: 'Concord' }]);
    const name = uniqueName('exists');
    await createSecret(t, org, alice.apiKey, { name, type: 'data', data: 'x' }).expect(200);
    const url = (n: string) => `/api/service/console/org/${org}/secret/${n}/exists`;
    expect((await t.http.get(url(name)).set(auth(alice.apiKey)).expect(200)).body).toBe(true);
    expect((await t.http.get(url('nope-nope')).set(auth(alice.apiKey)).expect(200)).body).toBe(false);
    const stranger = await createUser(t);
    const strangerOrg = await createOrg(t);
    const foreign = await t.http
      .get(`/api/service/console/org/${strangerOrg.name}/secret/x/exists`)
      .set(auth(alice.apiKey))
      .expect(200);
    expect(foreign.body).toBe(false);
    // A non-member learns nothing: false (not 403), even for a secret that exists.
    expect((await t.http.get(url(name)).set(auth(stranger.apiKey)).expect(200)).body).toBe(false);
  });

  it('deletes a secret (owner) and answers 404 afterwards', async () => {
    const name = uniqueName('gone');
    await createSecret(t, org, alice.apiKey, { name, type: 'data', data: 'x' }).expect(200);
    await t.http
      .delete(`/api/v1/org/${org}/secret/${name}`)
      .set(auth(alice.apiKey))
      .expect(200, { ok: true, result: 'DELETED' });
    const missing = await t.http.get(`/api/v2/org/${org}/secret/${name}`).set(auth(alice.apiKey)).expect(404);
    expect(missing.text).toBe('');
    await readSecretData(t, org, name, alice.apiKey).expect(404);
  });

  it('accepts the Ansible lookup body: a multipart form holding only an empty-named part', async () => {
    const name = uniqueName('ansible');
    await createSecret(t, org, alice.apiKey, { name, type: 'data', data: 'v' }).expect(200);
    const res = await t.http
      .post(`/api/v1/org/${org}/secret/${name}/data`)
      .set(auth(alice.apiKey))
      .set('Content-Type', 'multipart/form-data; boundary=XyZ')
      .send('--XyZ\r\nContent-Disposition: form-data; name=""\r\n\r\n\r\n--XyZ--\r\n');
    expect(res.status).toBe(200);
  });
});

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}
