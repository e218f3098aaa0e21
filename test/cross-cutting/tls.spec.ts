import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { ConfigError } from '../../src/config/config';
import { RunningServer, startServer } from '../../src/startup/server';
import { multipartFrame, streamRequest } from '../helpers/raw-http';
import { openTempDir } from '../helpers/server-process';
import { TEST_ADMIN_KEY, testConfig } from '../helpers/test-app';
import { createTestDatabase, TestDatabase } from '../setup/test-database';

/** A self-signed certificate for 127.0.0.1, made with openssl for this run. */
function makeCertificate(dir: string, name: string): { cert: string; key: string } {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1'].concat([
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ]),
    { stdio: 'pipe' },
  );
  return { cert, key };
}

function httpsGet(
  url: string,
  ca: Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, headers }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

describe('HTTPS', () => {
  let dir: string;
  let db: TestDatabase;
  let server: RunningServer | undefined;
  let certs: { cert: string; key: string };

  beforeAll(async () => {
    dir = openTempDir('strongroom-tls-');
    certs = makeCertificate(dir, 'server');
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await server?.stop();
    await db.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTPS with STRONGROOM_TLS_CERT / STRONGROOM_TLS_KEY, and console session cookies are Secure', async () => {
    const config = testConfig({
      PORT: '0',
      STRONGROOM_HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      STRONGROOM_TLS_CERT: certs.cert,
      STRONGROOM_TLS_KEY: certs.key,
    });
    expect(config.secureCookies).toBe(true);
    server = await startServer(config);
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = fs.readFileSync(certs.cert);

    const ping = await httpsGet(`${server.url}/api/v1/server/ping`, ca);
    expect(ping).toMatchObject({ status: 200, body: '{"ok":true}' });
    const health = await httpsGet(`${server.url}/api/v1/server/health`, ca);
    expect(health.status).toBe(200);

    const whoami = await httpsGet(`${server.url}/api/service/console/whoami`, ca, {
      Authorization: TEST_ADMIN_KEY,
      'X-Concord-EnableSession': 'true',
    });
    expect(whoami.status).toBe(200);
    const cookie = ([] as string[]).concat(whoami.headers['set-cookie'] ?? []).find((c) => c.startsWith('JSESSIONID='));
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);

    // An upload past the limit gets its 413 over TLS too, not a reset while the client still sends.
    const frame = multipartFrame('data');
    const refused = await streamRequest(`${server.url}/api/v1/org/Default/secret`, {
      headers: { Authorization: TEST_ADMIN_KEY, 'Content-Type': frame.contentType, 'Transfer-Encoding': 'chunked' },
      head: frame.head,
      chunk: Buffer.alloc(64 * 1024, 0x61),
      total: 64 * 1024 * 1024,
      tail: frame.tail,
      ca,
    });
    expect({ status: refused.status, error: refused.error }).toEqual({ status: 413, error: undefined });

    // Plain HTTP on the HTTPS port is not served.
    await expect(fetch(server.url.replace('https:', 'http:') + '/api/v1/server/ping')).rejects.toThrow();
    await server.stop();
    server = undefined;
  });

  it('refuses to start, naming the variable, with one file missing or a key that does not match', async () => {
    const other = makeCertificate(dir, 'other');
    const base = { PORT: '0', STRONGROOM_HOST: '127.0.0.1', DATABASE_URL: db.url };
    expect(() => testConfig({ ...base, STRONGROOM_TLS_CERT: certs.cert })).toThrow(
      'STRONGROOM_TLS_CERT and STRONGROOM_TLS_KEY go together: set both (PEM files) or neither',
    );
    const missing = testConfig({
      ...base,
      STRONGROOM_TLS_CERT: path.join(dir, 'nope.crt'),
      STRONGROOM_TLS_KEY: certs.key,
    });
    await expect(startServer(missing)).rejects.toThrow(
      new ConfigError(`STRONGROOM_TLS_CERT: cannot read ${path.join(dir, 'nope.crt')} (ENOENT)`),
    );
    const mismatched = testConfig({ ...base, STRONGROOM_TLS_CERT: certs.cert, STRONGROOM_TLS_KEY: other.key });
    const refused = startServer(mismatched);
    await expect(refused).rejects.toThrow(ConfigError);
    await expect(refused).rejects.toThrow(/^STRONGROOM_TLS_CERT \/ STRONGROOM_TLS_KEY .* cannot be used: .*mismatch/);
  });
});
