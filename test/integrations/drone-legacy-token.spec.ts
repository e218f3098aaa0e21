import { DataSource } from 'typeorm';
import { useTestApp } from '../helpers/test-app';
import { ciFixture, createIntegration } from '../helpers/ci-fixtures';

/**
 * Drone 0.8 can only send its credential in the URL path (it sets no header but Content-Type), so the
 * token is redacted wherever a path is written: the access log and any other log line; it is never
 * stored in an audit row either.
 */
describe('Drone 0.8 token in the URL', () => {
  const t = useTestApp();

  it('appears in no log line and no audit row, whether the call succeeds, fails or hits no route', async () => {
    const f = await ciFixture(t);
    const { id, token } = await createIntegration(t, f.org.name, f.owner.apiKey, {
      name: 'drone08',
      kind: 'drone-legacy',
    });
    expect(token).toBeDefined();
    const body = { action: 'created', repo: { name: 'hello-world' }, build: { event: 'push' } };
    const logsBefore = t.logs.length;

    await t.http.post(`/api/ext/drone-legacy/${id}/${token}`).send(body).expect(200);
    await t.http.post(`/api/ext/drone-legacy/${id}/${token}x`).send(body).expect(401);
    await t.http.post(`/api/ext/drone-legacy/${id}/${token}`).send({ repo: 'not an object' }).expect(400);
    await t.http.post(`/api/ext/drone-legacy/${id}/${token}/extra?x=1`).send(body).expect(404);
    await t.http.post(`/api/ext/drone-legacy/${token}`).send(body).expect(404);
    await t.http.post(`/api/ext/drone-legacy/${id}/${token}%00`).send(body).expect(400);

    const lines = t.logs.slice(logsBefore);
    const requestLines = lines.filter((l) => l.includes('"msg":"request"'));
    expect(requestLines).toHaveLength(6);
    for (const line of lines) expect(line).not.toContain(token!);
    expect(requestLines[0]).toContain(`"path":"/api/ext/drone-legacy/${id}/[redacted]"`);

    const audit: { details: string }[] = await t.app
      .get(DataSource)
      .query(`SELECT details::text AS details FROM audit_events WHERE details::text LIKE $1`, [`%${id}%`]);
    expect(audit.length).toBeGreaterThan(0);
    for (const row of audit) expect(row.details).not.toContain(token!);
  });
});
