import { DataSource } from 'typeorm';
import { addToTeam, auth, createOrg, createUser, TestUser } from '../helpers/factories';
import { uniqueName } from '../helpers/names';
import { createSecret, readSecretData } from '../helpers/secrets';
import { useTestApp } from '../helpers/test-app';

describe('secrets: storage security and isolation', () => {
  let db: DataSource;
  let alice: TestUser;
  let org: string;

  const t = useTestApp();
  beforeAll(async () => {
    db = t.app.get(DataSource);
    alice = await createUser(t);
    org = (await createOrg(t)).name;
    await addToTeam(t, org, 'default', alice.id, 'MEMBER');
  });

  async function rowOf(name: string): Promise<Record<string, unknown>> {
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT s.* FROM secrets s JOIN orgs o ON o.id = s.org_id WHERE o.name = $1 AND s.name = $2`,
      [org, name],
    );
    return rows[0];
  }

  it('no column holds the plaintext or the store password', async () => {
    const plaintext = `plain-${uniqueName('needle')}`;
    const storePassword = 'NeEdLe4PaSs';
    const a = uniqueName('enc-a');
    const b = uniqueName('enc-b');
    const c = uniqueName('enc-c');
    await createSecret(t, org, alice.apiKey, { name: a, type: 'data', data: plaintext }).expect(200);
    await createSecret(t, org, alice.apiKey, { name: b, type: 'data', data: plaintext, storePassword }).expect(200);
    await createSecret(t, org, alice.apiKey, {
      name: c,
      type: 'username_password',
      username: 'u',
      password: plaintext,
    }).expect(200);
    for (const name of [a, b, c]) {
      const row = await rowOf(name);
      for (const [column, value] of Object.entries(row)) {
        const text = Buffer.isBuffer(value) ? value.toString('latin1') : JSON.stringify(value);
        expect({ column, hasPlaintext: text.includes(plaintext) }).toEqual({ column, hasPlaintext: false });
        expect({ column, hasPassword: text.includes(storePassword) }).toEqual({ column, hasPassword: false });
      }
    }
    const dump: { d: string }[] = await db.query(`SELECT row_to_json(s)::text AS d FROM secrets s`);
    expect(dump.some((r) => r.d.includes(plaintext) || r.d.includes(storePassword))).toBe(false);
  });

  it('a tampered ciphertext fails with a clean 400, never garbage', async () => {
    const name = uniqueName('tamper');
    await createSecret(t, org, alice.apiKey, { name, type: 'data', data: 'original' }).expect(200);
    const row = await rowOf(name);
    const ct = Buffer.from(row.ciphertext as Buffer);
    ct[ct.length - 20] ^= 0x01;
    await db.query('UPDATE secrets SET ciphertext = $1 WHERE id = $2', [ct, row.id]);
    const res = await readSecretData(t, org, name, alice.apiKey).expect(400);
    expect(res.body.toString()).toBe(
      `Error while fetching a secret '${name}': Error decrypting a secret: the stored data failed its integrity check`,
    );
  });

  it('a ciphertext copied onto another row does not decrypt there', async () => {
    const source = uniqueName('src');
    const target = uniqueName('dst');
    await createSecret(t, org, alice.apiKey, { name: source, type: 'data', data: 'source value' }).expect(200);
    await createSecret(t, org, alice.apiKey, { name: target, type: 'data', data: 'target value' }).expect(200);
    const from = await rowOf(source);
    const to = await rowOf(target);
    await db.query('UPDATE secrets SET ciphertext = $1, wrapped_key = $2, key_id = $3 WHERE id = $4', [
      from.ciphertext,
      from.wrapped_key,
      from.key_id,
      to.id,
    ]);
    const res = await readSecretData(t, org, target, alice.apiKey).expect(400);
    expect(res.body.toString()).not.toContain('source value');
  });

  it('two orgs never see each other’s private secrets', async () => {
    const orgB = await createOrg(t);
    const bob = await createUser(t);
    await addToTeam(t, orgB.name, 'default', bob.id, 'MEMBER');
    const hidden = uniqueName('hidden');
    await createSecret(t, org, alice.apiKey, {
      name: hidden,
      type: 'data',
      data: 'a-only',
      visibility: 'PRIVATE',
    }).expect(200);
    const bobSecret = uniqueName('bobs');
    await createSecret(t, orgB.name, bob.apiKey, {
      name: bobSecret,
      type: 'data',
      data: 'b-only',
      visibility: 'PRIVATE',
    }).expect(200);

    const listA = await t.http.get(`/api/v2/org/${org}/secret`).set(auth(bob.apiKey)).expect(200);
    expect(listA.body.map((s: { name: string }) => s.name)).not.toContain(hidden);
    await t.http.get(`/api/v2/org/${org}/secret/${hidden}`).set(auth(bob.apiKey)).expect(403);
    await readSecretData(t, org, hidden, bob.apiKey).expect(403);
    await t.http.delete(`/api/v1/org/${org}/secret/${hidden}`).set(auth(bob.apiKey)).expect(403);

    const listB = await t.http.get(`/api/v2/org/${orgB.name}/secret`).set(auth(alice.apiKey)).expect(200);
    expect(listB.body.map((s: { name: string }) => s.name)).not.toContain(bobSecret);
    await readSecretData(t, orgB.name, bobSecret, alice.apiKey).expect(403);
  });
});
