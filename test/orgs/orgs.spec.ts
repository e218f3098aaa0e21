import { useTestApp } from '../helpers/test-app';
import { uniqueName } from '../helpers/names';

describe('orgs (admin)', () => {
  const t = useTestApp();

  const admin = () => ({ Authorization: t.adminKey });

  it('creates, reads, lists and deletes an org', async () => {
    const name = uniqueName('org');
    const created = await t.http.post('/api/v1/org').set(admin()).send({ name }).expect(200);
    expect(created.body).toEqual({ ok: true, id: expect.any(String), result: 'CREATED' });

    const got = await t.http.get(`/api/v1/org/${name}`).set(admin()).expect(200);
    expect(got.body).toMatchObject({ id: created.body.id, name, visibility: 'PUBLIC', owner: { username: 'admin' } });

    const listed = await t.http.get('/api/v1/org').query({ filter: name }).set(admin()).expect(200);
    expect(listed.body.map((o: { name: string }) => o.name)).toEqual([name]);

    await t.http.delete(`/api/v1/org/${name}`).set(admin()).expect(400);
    await t.http
      .delete(`/api/v1/org/${name}?confirmation=yes`)
      .set(admin())
      .expect(200, { ok: true, result: 'DELETED' });
    await t.http.get(`/api/v1/org/${name}`).set(admin()).expect(404);
  });

  it('answers 401 without credentials and the validation shape for a bad name', async () => {
    await t.http.get('/api/v1/org').expect(401);
    const bad = await t.http.post('/api/v1/org').set(admin()).send({ name: '-bad' }).expect(400);
    expect(bad.headers['content-type']).toContain('application/vnd.concord-validation-errors-v1+json');
    expect(bad.body[0].message).toContain('Invalid organization name: -bad');
  });
});
