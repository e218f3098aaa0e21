import type { Response } from 'supertest';
import { addToTeam, auth, createOrg, createUser, TestOrg, TestUser } from '../helpers/factories';
import { uniqueName } from '../helpers/names';
import { createSecret } from '../helpers/secrets';
import { useTestApp } from '../helpers/test-app';

/** Where Strongroom's secret rules deliberately differ from Concord's (docs/compatibility.md). */
describe('secret access beyond Concord', () => {
  let org: TestOrg;
  let target: TestOrg;
  let writer: TestUser;
  let owner: TestUser;
  let member: TestUser;
  let stranger: TestUser;
  let orgOwner: TestUser;
  let globalReader: TestUser;
  const teamIds: Record<string, string> = {};

  const t = useTestApp();
  beforeAll(async () => {
    [writer, owner, member, stranger, orgOwner, globalReader] = await Promise.all([
      createUser(t),
      createUser(t),
      createUser(t),
      createUser(t),
      createUser(t),
      createUser(t, { roles: ['concordSystemReader'] }),
    ]);
    org = await createOrg(t, { owner: orgOwner });
    target = await createOrg(t);
    for (const name of ['writers', 'owners']) {
      const res = await t.http.post(`/api/v1/org/${org.name}/team`).set(auth(t.adminKey)).send({ name }).expect(200);
      teamIds[name] = res.body.id;
    }
    await addToTeam(t, org.name, 'writers', writer.id);
    await addToTeam(t, org.name, 'owners', owner.id);
    await addToTeam(t, org.name, 'default', member.id);
    for (const u of [writer, owner]) await addToTeam(t, target.name, 'default', u.id);
    const strangers = await createOrg(t);
    await addToTeam(t, strangers.name, 'default', stranger.id);
  });

  async function privateSecret(): Promise<string> {
    const name = uniqueName('priv');
    await createSecret(t, org.name, t.adminKey, { name, type: 'data', data: 'v', visibility: 'PRIVATE' }).expect(200);
    await t.http
      .post(`/api/v1/org/${org.name}/secret/${name}/access/bulk`)
      .set(auth(t.adminKey))
      .send([
        { teamId: teamIds.writers, level: 'WRITER' },
        { teamId: teamIds.owners, level: 'OWNER' },
      ])
      .expect(200);
    return name;
  }

  const update = (key: string, name: string, fields: Record<string, string>) => {
    let req = t.http.post(`/api/v2/org/${org.name}/secret/${name}`).set(auth(key));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req;
  };
  const metadata = (key: string, name: string) => t.http.get(`/api/v1/org/${org.name}/secret/${name}`).set(auth(key));

  describe('publishing and moving need OWNER of the secret', () => {
    it('a WRITER cannot make a PRIVATE secret PUBLIC', async () => {
      const name = await privateSecret();
      const res = await update(writer.apiKey, name, { visibility: 'PUBLIC' }).expect(403);
      expect(res.text).toContain('OWNER');
      expect((await metadata(t.adminKey, name).expect(200)).body.visibility).toBe('PRIVATE');
    });

    it('a WRITER cannot move a secret to another org', async () => {
      const name = await privateSecret();
      await update(writer.apiKey, name, { org: target.name }).expect(403);
      await metadata(t.adminKey, name).expect(200);
    });

    it('a WRITER may still update the data of a PRIVATE secret that stays PRIVATE', async () => {
      const name = await privateSecret();
      await update(writer.apiKey, name, { data: 'new', visibility: 'PRIVATE' }).expect(200);
    });

    it('an OWNER may publish and move', async () => {
      const published = await privateSecret();
      await update(owner.apiKey, published, { visibility: 'PUBLIC' }).expect(200);
      const moved = await privateSecret();
      await update(owner.apiKey, moved, { org: target.name }).expect(200);
      await t.http.get(`/api/v1/org/${target.name}/secret/${moved}`).set(auth(t.adminKey)).expect(200);
    });
  });

  describe('existence oracle: a non-member cannot tell a missing secret from a PRIVATE one', () => {
    type Probe = (key: string, name: string) => Promise<Response>;
    const probes: [string, Probe][] = [
      ['metadata (v1)', (key, name) => metadata(key, name)],
      ['metadata (v2)', (key, name) => t.http.get(`/api/v2/org/${org.name}/secret/${name}`).set(auth(key))],
      ['data', (key, name) => t.http.post(`/api/v1/org/${org.name}/secret/${name}/data`).set(auth(key)).buffer(true)],
      ['public key', (key, name) => t.http.get(`/api/v1/org/${org.name}/secret/${name}/public`).set(auth(key))],
      ['access rules', (key, name) => t.http.get(`/api/v1/org/${org.name}/secret/${name}/access`).set(auth(key))],
    ];

    /** What a client can compare: the status, the body's bytes and the headers that describe it. */
    const answer = (res: Response) => ({
      status: res.status,
      type: res.headers['content-type'] as string | undefined,
      length: res.headers['content-length'] as string | undefined,
      body: Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text,
    });

    it.each(probes)('%s: the same 403, byte for byte', async (_route, probe) => {
      const secret = await privateSecret();
      // A name of the same length, so even a length header could not tell them apart.
      const missing = `${secret.slice(0, -1)}z`;
      const forPrivate = answer(await probe(stranger.apiKey, secret));
      const forMissing = answer(await probe(stranger.apiKey, missing));
      expect(forPrivate.status).toBe(403);
      expect({ ...forMissing, body: forMissing.body.replace(missing, secret) }).toEqual(forPrivate);
    });

    it.each(probes)('%s: members, the org owner, admins and global readers still get 404', async (_route, probe) => {
      const missing = uniqueName('gone');
      for (const key of [member.apiKey, orgOwner.apiKey, t.adminKey, globalReader.apiKey]) {
        expect((await probe(key, missing)).status).toBe(404);
      }
    });
  });
});
