import * as fs from 'node:fs';
import request from 'supertest';
import { setLogSink } from '../../src/common/json-logger';
import { RunningServer, startServer } from '../../src/startup/server';
import { TcpProxy } from '../helpers/tcp-proxy';
import { testConfig, useTestApp } from '../helpers/test-app';
import { createTestDatabase, TestDatabase } from '../setup/test-database';

/** Readiness (`health`) against liveness (`ping`), with the database answering, frozen, and back. */
describe('health', () => {
  describe('with the database up', () => {
    const t = useTestApp();

    it('answers 200 anonymously with the database check up', async () => {
      const res = await t.http.get('/api/v1/server/health').expect(200);
      expect(res.body).toEqual({
        status: 'ok',
        info: { database: { status: 'up' } },
        error: {},
        details: { database: { status: 'up' } },
      });
    });
  });

  describe('with a database that freezes', () => {
    let db: TestDatabase;
    let proxy: TcpProxy;
    let server: RunningServer;
    let dataDir: string;
    const logs: string[] = [];
    let previousSink: ReturnType<typeof setLogSink>;

    beforeAll(async () => {
      previousSink = setLogSink((line) => logs.push(line));
      db = await createTestDatabase();
      const target = new URL(db.url);
      proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
      const config = testConfig({ PORT: '0', STRONGROOM_HOST: '127.0.0.1', DATABASE_URL: proxy.urlFor(db.url) });
      dataDir = config.dataDir;
      server = await startServer(config);
    });
    afterAll(async () => {
      proxy.restore();
      await server.stop();
      await proxy.close();
      await db.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
      setLogSink(previousSink);
    });

    it('goes 503 naming the database within 5 s of a freeze, ping stays 200, and comes back', async () => {
      await request(server.url).get('/api/v1/server/health').expect(200);

      proxy.stall();
      const frozenAt = Date.now();
      const down = await request(server.url).get('/api/v1/server/health').expect(503);
      expect(Date.now() - frozenAt).toBeLessThan(5000);
      expect(down.headers['content-type']).toMatch(/^application\/json/);
      expect(down.body).toMatchObject({
        status: 'error',
        error: { database: { status: 'down', message: 'no answer within 1000 ms' } },
      });
      // Liveness does not depend on the database.
      await request(server.url).get('/api/v1/server/ping').expect(200, { ok: true });
      // Repeated probes while frozen stay bounded in time too.
      const again = Date.now();
      await request(server.url).get('/api/v1/server/health').expect(503);
      expect(Date.now() - again).toBeLessThan(5000);
      expect(logs.filter((l) => /"level":"error".*Health: the database at .* is down/.test(l))).toHaveLength(1);

      proxy.restore();
      const deadline = Date.now() + 10_000;
      let status = 0;
      while (Date.now() < deadline && status !== 200) {
        status = (await request(server.url).get('/api/v1/server/health')).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).toBe(200);
      expect(logs.some((l) => /Health: the database at .* answers again/.test(l))).toBe(true);
    });
  });
});
