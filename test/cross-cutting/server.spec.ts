import { useTestApp } from '../helpers/test-app';

describe('server basics', () => {
  const t = useTestApp();

  it('answers ping and version anonymously', async () => {
    await t.http.get('/api/v1/server/ping').expect(200, { ok: true });
    const version = await t.http.get('/api/v1/server/version').expect(200);
    expect(version.body).toEqual({ ok: true, version: expect.any(String), env: expect.any(String) });
  });

  it('answers 404, not 500, for an unknown route (with or without credentials)', async () => {
    await t.http.get('/api/v1/no-such-thing').expect(404);
    await t.http.post('/api/v1/no-such-thing').set('Authorization', t.adminKey).send({ a: 1 }).expect(404);
  });

  it('answers 400 text naming the problem for a malformed JSON body', async () => {
    const res = await t.http
      .post('/api/v1/org')
      .set('Authorization', t.adminKey)
      .set('Content-Type', 'application/json')
      .send('{"name": "x",')
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/^Invalid JSON body: /);
  });

  it('gives every response a request id, and keeps a well-formed one from the caller', async () => {
    const generated = await t.http.get('/api/v1/server/ping').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[A-Za-z0-9._-]{8,64}$/);
    const kept = await t.http.get('/api/v1/server/ping').set('X-Request-Id', 'trace-1234abcd').expect(200);
    expect(kept.headers['x-request-id']).toBe('trace-1234abcd');
    const replaced = await t.http.get('/api/v1/server/ping').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(replaced.headers['x-request-id']).not.toContain('bad id');
  });

  it('logs JSON lines with the request id and never the Authorization value', async () => {
    const wrongKey = 'bm90LWEtcmVhbC1rZXktYXQtYWxs';
    const basic = Buffer.from('admin:very-secret-password').toString('base64');
    const requestId = 'log-check-0001';
    await t.http.get('/api/v1/org').set('X-Request-Id', requestId).set('Authorization', t.adminKey).expect(200);
    await t.http.get('/api/v1/org').set('Authorization', wrongKey).expect(401);
    await t.http.get('/api/v1/org').set('Authorization', `Bearer ${wrongKey}`).expect(401);
    await t.http.get('/api/v1/org').set('Authorization', `Basic ${basic}`).expect(401);

    const entries = t.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const mine = entries.filter((e) => e.requestId === requestId);
    expect(mine).toContainEqual(
      expect.objectContaining({ msg: 'request', method: 'GET', path: '/api/v1/org', status: 200 }),
    );
    const all = t.logs.join('\n');
    for (const secret of [t.adminKey, wrongKey, basic, 'very-secret-password']) {
      expect(all).not.toContain(secret);
    }
  });
});
