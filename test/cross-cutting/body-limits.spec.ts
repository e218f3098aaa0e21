import * as http from 'node:http';
import * as net from 'node:net';
import { useTestApp } from '../helpers/test-app';
import { auth, createOrg, createUser } from '../helpers/factories';
import { createSecret } from '../helpers/secrets';
import { uniqueName } from '../helpers/names';
import { multipartFrame, parseRaw, rawExchange, streamRequest } from '../helpers/raw-http';

const MAX_DATA = 64 * 1024;
// What config.ts derives from MAX_DATA: two payload-sized parts plus 256 KiB; base64 of a payload plus 64 KiB.
const MULTIPART_BUDGET = MAX_DATA * 2 + 256 * 1024;
const JSON_BUDGET = Math.ceil((MAX_DATA * 4) / 3) + 64 * 1024;

/**
 * Bodies are bounded by the bytes that arrive, however they are framed: past the budget the answer
 * is a 413 at once, the rest is never read and the connection closes. JSON is bounded in depth,
 * multipart in parts, and malformed forms are a 400 with a message; a body or headers that stop
 * arriving are cut off.
 */
describe('body limits and timeouts', () => {
  let base: string;
  let port: number;
  let org: string;
  let key: string;
  let secret: string;

  const t = useTestApp({
    STRONGROOM_MAX_SECRET_DATA_SIZE: String(MAX_DATA),
    STRONGROOM_BODY_IDLE_TIMEOUT: '1',
    STRONGROOM_HEADERS_TIMEOUT: '1',
  });
  beforeAll(async () => {
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as { port: number }).port;
    base = `http://127.0.0.1:${port}`;
    const user = await createUser(t);
    key = user.apiKey;
    org = (await createOrg(t, { owner: { id: user.id } })).name;
    secret = uniqueName('s');
    await createSecret(t, org, key, { name: secret, type: 'data', data: 'v' }).expect(200);
  });

  const chunk = Buffer.alloc(16 * 1024, 0x61);
  const fiftyMB = 50 * 1024 * 1024;

  describe('a chunked body past its budget is refused as it passes', () => {
    it.each([
      ['the hot /data route', () => `/api/v1/org/${org}/secret/${secret}/data`],
      ['the hot create route', () => `/api/v1/org/${org}/secret`],
      ['a Nest multipart route (v2 update)', () => `/api/v2/org/${org}/secret/${secret}`],
    ])('multipart on %s: 413, a fraction sent, connection closed', async (_what, path) => {
      const frame = multipartFrame('data');
      const answer = await streamRequest(`${base}${path()}`, {
        headers: { Authorization: key, 'Content-Type': frame.contentType, 'Transfer-Encoding': 'chunked' },
        head: frame.head,
        chunk,
        total: fiftyMB,
        tail: frame.tail,
      });
      expect(answer.status).toBe(413);
      expect(answer.body).toBe(`Request body exceeds the limit of ${MULTIPART_BUDGET} bytes`);
      expect(answer.headers?.connection).toBe('close');
      expect(answer.sent).toBeLessThan(fiftyMB / 4);
      // The connection drained what was still in flight instead of resetting it under the answer.
      expect(answer.error).toBeUndefined();
    });

    it('JSON on a Nest route: 413 as it passes the JSON budget', async () => {
      const answer = await streamRequest(`${base}/api/v1/org`, {
        headers: { Authorization: t.adminKey, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
        head: '{"name":"',
        chunk,
        total: fiftyMB,
        tail: '"}',
      });
      expect(answer.status).toBe(413);
      expect(answer.body).toBe(`Request body exceeds the limit of ${JSON_BUDGET} bytes`);
      expect(answer.sent).toBeLessThan(fiftyMB / 4);
    });

    it('a body nobody reads (text/plain on a GET) cannot keep the connection: it closes after the answer', async () => {
      const answer = await streamRequest(`${base}/api/v1/server/ping`, {
        method: 'GET',
        headers: { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' },
        chunk,
        total: fiftyMB,
      });
      expect([200, 413]).toContain(answer.status);
      expect(answer.headers?.connection).toBe('close');
      expect(answer.sent).toBeLessThan(fiftyMB / 4);
    });
  });

  it('refuses a declared length over the budget before reading it, without 100 Continue', async () => {
    const head =
      `POST /api/v1/org/${org}/secret/${secret}/data HTTP/1.1\r\nHost: x\r\nAuthorization: ${key}\r\n` +
      `Content-Type: multipart/form-data; boundary=b\r\nContent-Length: ${MULTIPART_BUDGET + 1}\r\nExpect: 100-continue\r\n\r\n`;
    // The connection drains for up to 2 s without data before it closes (the lingering close).
    const raw = await rawExchange(port, head, 6000);
    expect(raw.text).not.toContain('100 Continue');
    const answer = parseRaw(raw.text);
    expect(answer.status).toBe(413);
    expect(answer.body).toBe(`Request body exceeds the limit of ${MULTIPART_BUDGET} bytes`);
    expect(raw.closed).toBe(true);
  });

  it('drains a client that keeps sending after its answer for at most 5 s, then closes', async () => {
    const sender = await keepSending(
      port,
      `POST /api/v1/org/${org}/secret/${secret}/data HTTP/1.1\r\nHost: x\r\nAuthorization: not-a-key\r\n` +
        `Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    expect(parseRaw(sender.text).status).toBe(401);
    expect(parseRaw(sender.text).headers).toMatch(/^Connection: close$/im);
    // Answered at once, then drained (not reset) while the client went on sending, and closed.
    expect(sender.closedAfterMs).toBeGreaterThan(4000);
    expect(sender.closedAfterMs).toBeLessThan(8000);
  });

  it('still keeps the connection alive for a complete body', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const ports = new Set<number>();
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = http.request(`${base}/api/v1/org/${org}/team`, {
          method: 'POST',
          agent,
          headers: { Authorization: key, 'Content-Type': 'application/json' },
        });
        req.on('socket', (s) => s.once('connect', () => ports.add(s.localPort!)));
        req.on('response', (res) => {
          expect(res.statusCode).toBe(200);
          expect(res.headers.connection).toBe('keep-alive');
          res.resume().on('end', resolve);
        });
        req.on('error', reject);
        req.end(JSON.stringify({ name: uniqueName('team') }));
      });
    }
    agent.destroy();
    expect(ports.size).toBe(1);
  });

  describe('JSON', () => {
    const post = (body: string) =>
      t.http.post('/api/v1/org').set(auth(t.adminKey)).set('Content-Type', 'application/json').send(body);

    it('refuses nesting deeper than 32 levels, however deep, without parsing it', async () => {
      for (const depth of [33, 5000, 50_000]) {
        const res = await post(`{"name":${'['.repeat(depth)}${']'.repeat(depth)}}`);
        expect(res.status).toBe(400);
        expect(res.text).toBe('Invalid JSON body: nested deeper than 32 levels');
      }
      // Brackets inside strings do not count.
      const inString = await post(JSON.stringify({ name: uniqueName('org'), meta: { x: '['.repeat(100) } }));
      expect(inString.status).toBe(200);
    });

    it('answers bad syntax with the position only (never quoting the body)', async () => {
      const res = await post('{"name": "x", "password": "hunter2"');
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/^Invalid JSON body: syntax error/);
      expect(res.text).not.toContain('hunter2');
    });

    it('refuses a scalar at the top and a charset other than UTF-8', async () => {
      expect((await post('"just a string"')).status).toBe(400);
      const latin = await t.http
        .post('/api/v1/org')
        .set(auth(t.adminKey))
        .set('Content-Type', 'application/json; charset=iso-8859-1')
        .send('{"name":"x"}');
      expect(latin.status).toBe(400);
      expect(latin.text).toMatch(/charset/);
    });
  });

  describe('multipart', () => {
    const data = (boundary: string, body: string) =>
      t.http
        .post(`/api/v1/org/${org}/secret/${secret}/data`)
        .set(auth(key))
        .set('Content-Type', `multipart/form-data${boundary}`)
        .send(body);

    it('answers a truncated form with a 400 that says so', async () => {
      const res = await data(
        '; boundary=zz',
        '--zz\r\nContent-Disposition: form-data; name="storePassword"\r\n\r\nabc',
      );
      expect(res.status).toBe(400);
      expect(res.text).toBe('Invalid multipart body: Unexpected end of form');
    });

    it('answers a form without a boundary, and a malformed part, with a 400', async () => {
      const none = await data('', '--zz\r\n\r\n');
      expect(none.status).toBe(400);
      expect(none.text).toMatch(/^Invalid multipart body: .*[Bb]oundary/);
      const malformed = await data('; boundary=zz', '--zz\r\nno header separator here\r\n--zz--\r\n');
      expect(malformed.status).toBe(400);
      expect(malformed.text).toMatch(/^Invalid multipart body/);
    });

    it('refuses too many parts with a 413', async () => {
      const parts = Array.from(
        { length: 80 },
        (_, i) => `--zz\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`,
      );
      const res = await data('; boundary=zz', `${parts.join('')}--zz--\r\n`);
      expect(res.status).toBe(413);
      expect(res.text).toMatch(/Too many (parts|fields)/);
    });
  });

  describe('timeouts', () => {
    it('cuts off a body that stops arriving (408, connection closed)', async () => {
      const frame = multipartFrame('data');
      const started = Date.now();
      const answer = await streamRequest(`${base}/api/v1/org/${org}/secret/${secret}/data`, {
        headers: { Authorization: key, 'Content-Type': frame.contentType, 'Transfer-Encoding': 'chunked' },
        head: frame.head,
        chunk,
        total: 1024 * 1024,
        stallAfter: 32 * 1024,
      });
      expect(answer.status).toBe(408);
      expect(answer.body).toMatch(/No part of the request body arrived for 1 s/);
      expect(answer.headers?.connection).toBe('close');
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('cuts off an unauthenticated JSON body that stops arriving on the Drone 0.8 route', async () => {
      const started = Date.now();
      const answer = await streamRequest(`${base}/api/ext/drone-legacy/any-id/any-token`, {
        headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
        head: '{"repo":"',
        chunk,
        total: 1024 * 1024,
        stallAfter: 16 * 1024,
      });
      expect(answer.status).toBe(408);
      expect(answer.headers?.connection).toBe('close');
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('cuts off headers that do not arrive in time (408, connection closed)', async () => {
      const raw = await rawExchange(port, `GET /api/v1/server/ping HTTP/1.1\r\nHost: x\r\nX-Slow: `, 6000);
      expect(parseRaw(raw.text).status).toBe(408);
      expect(raw.closed).toBe(true);
      expect(raw.firstByteMs).toBeLessThan(4000);
    });
  });
});

/**
 * Sends `head`, then a 1 KiB chunk every 100 ms whatever the server answers, until the server closes
 * the connection (or 15 s pass): what the server sent, and when it closed.
 */
function keepSending(port: number, head: string): Promise<{ text: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    // Half-open allowed: like a client busy uploading, it goes on sending after the server's FIN.
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const started = Date.now();
    let text = '';
    const chunk = `400\r\n${'a'.repeat(1024)}\r\n`;
    const ticker = setInterval(() => socket.writable && socket.write(chunk), 100);
    const done = () => {
      clearInterval(ticker);
      clearTimeout(limit);
      socket.destroy();
      resolve({ text, closedAfterMs: Date.now() - started });
    };
    const limit = setTimeout(done, 15_000);
    socket.on('connect', () => socket.write(head));
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('error', done);
    socket.on('close', done);
  });
}
