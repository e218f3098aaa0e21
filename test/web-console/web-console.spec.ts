import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CONSOLE_CSP } from '../../src/web-console/console-site';
import { TestApp, startTestApp } from '../helpers/test-app';

// A console build as Vite lays it out: index.html at the top, hashed files under assets/.
function fakeBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-console-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Strongroom console</title>');
  fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

describe('web console serving', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = fakeBuild();
    t = await startTestApp({ STRONGROOM_CONSOLE_DIR: dir });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(['/', '/orgs/acme/secrets', '/orgs/acme/secrets/my%20key', '/sign-in'])(
    'answers index.html with the CSP for the console route %s',
    async (route) => {
      const res = await t.http.get(route).set('Accept', 'text/html').expect(200);
      expect(res.text).toContain('<title>Strongroom console</title>');
      expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cache-control']).toBe('no-cache');
    },
  );

  it('serves hashed assets with a long cache, and a missing file as 404 rather than index.html', async () => {
    const js = await t.http.get('/assets/index-abc123.js').expect(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.headers['content-security-policy']).toBe(CONSOLE_CSP);
    const missing = await t.http.get('/assets/index-gone.js').expect(404);
    expect(missing.text).not.toContain('Strongroom console');
    await t.http.get('/favicon.svg').expect(200);
  });

  // /metrics is the operations endpoint (404 on a server without it): whatever it answers, it is not the console.
  it.each(['/api/v1/no-such-route', '/api/v1/org', '/API/v1/org', '/api', '/api/', '/metrics', '/metrics/x'])(
    'never swallows the server path %s',
    async (route) => {
      const res = await t.http.get(route).set('Accept', 'text/html');
      expect(res.text).not.toContain('Strongroom console');
      expect(res.headers['content-security-policy']).toBeUndefined();
    },
  );

  it('leaves the API docs to Swagger', async () => {
    const res = await t.http.get('/api/docs').set('Accept', 'text/html').redirects(1).expect(200);
    expect(res.text).toContain('swagger');
    expect(res.text).not.toContain('Strongroom console');
  });

  it('sends no console headers with API answers, hot routes included', async () => {
    const ping = await t.http.get('/api/v1/server/ping').expect(200);
    expect(ping.headers['content-security-policy']).toBeUndefined();
    const org = await t.http.get('/api/v1/org').set('Authorization', t.adminKey).expect(200);
    expect(org.headers['content-security-policy']).toBeUndefined();
    const hot = await t.http.get('/api/v2/org/Default/secret/no-such-secret').set('Authorization', t.adminKey);
    expect(hot.status).toBe(404);
    expect(hot.headers['content-security-policy']).toBeUndefined();
  });

  it('does not answer unsafe methods with the console', async () => {
    const res = await t.http.post('/orgs/acme').send({}).expect(404);
    expect(res.text).not.toContain('Strongroom console');
  });
});

describe('web console not built', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ STRONGROOM_CONSOLE_DIR: path.join(os.tmpdir(), 'strongroom-no-console-here') });
  });
  afterAll(async () => {
    await t.close();
  });

  it('says how to build it, and the API still answers', async () => {
    const res = await t.http.get('/').expect(404);
    expect(res.text).toMatch(/npm run build/);
    await t.http.get('/api/v1/server/ping').expect(200);
  });
});
