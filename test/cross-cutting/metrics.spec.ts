import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { HotRoutes } from '../../src/hot-routes/hot-routes';
import { createOrg } from '../helpers/factories';
import { uniqueName } from '../helpers/names';
import { createSecret, readSecretData } from '../helpers/secrets';
import { startTestApp, TestApp } from '../helpers/test-app';

interface Sample {
  labels?: Record<string, string>;
  value?: string;
  buckets?: Record<string, string>;
  count?: string;
  sum?: string;
}
interface Family {
  name: string;
  type: string;
  metrics: Sample[];
}

async function scrape(t: TestApp, authorization?: string): Promise<{ text: string; families: Map<string, Family> }> {
  let req = t.http.get('/metrics');
  if (authorization) req = req.set('Authorization', authorization);
  const res = await req.expect(200);
  const type = String(res.headers['content-type']).split(/;\s*/);
  expect(type[0]).toBe('text/plain');
  expect(type).toEqual(expect.arrayContaining(['version=0.0.4', 'charset=utf-8']));
  const families = parsePrometheusTextFormat(res.text) as Family[];
  return { text: res.text, families: new Map(families.map((f) => [f.name, f])) };
}

function sample(families: Map<string, Family>, name: string, labels: Record<string, string>): Sample | undefined {
  return families.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
}

/** A histogram series' `_count` (the parser keeps only the buckets of labelled histograms). */
function histogramCount(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}_count{`) && wanted.every((w) => l.includes(w)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

function requests(families: Map<string, Family>, method: string, route: string, status: string): number {
  return Number(sample(families, 'strongroom_http_requests_total', { method, route, status })?.value ?? 0);
}

describe('metrics', () => {
  describe('public', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ STRONGROOM_MAX_FAILED_ATTEMPTS: '2', STRONGROOM_ARGON2_MEMORY_KIB: '1024' });
    });
    afterAll(async () => {
      await t.close();
    });

    it('serves Prometheus text with every family an operator watches', async () => {
      await t.http.get('/api/v1/server/ping').expect(200);
      const { families } = await scrape(t);
      for (const [name, type] of [
        ['strongroom_http_requests_total', 'COUNTER'],
        ['strongroom_http_request_duration_seconds', 'HISTOGRAM'],
        ['strongroom_db_pool_connections', 'GAUGE'],
        ['strongroom_db_pool_max_connections', 'GAUGE'],
        ['strongroom_kdf_running', 'GAUGE'],
        ['strongroom_kdf_queued', 'GAUGE'],
        ['strongroom_kdf_rejected_total', 'COUNTER'],
        ['strongroom_lockouts_total', 'COUNTER'],
        ['strongroom_lockout_refusals_total', 'COUNTER'],
        ['strongroom_key_pool_available', 'GAUGE'],
        ['strongroom_key_pool_misses_total', 'COUNTER'],
        ['strongroom_audit_write_seconds', 'HISTOGRAM'],
        ['process_cpu_seconds_total', 'COUNTER'],
        ['process_resident_memory_bytes', 'GAUGE'],
        ['nodejs_eventloop_lag_seconds', 'GAUGE'],
      ]) {
        expect({ name, type: families.get(name)?.type }).toEqual({ name, type });
      }
      expect(sample(families, 'strongroom_db_pool_max_connections', {})?.value).toBe('20');
      expect(requests(families, 'GET', '/api/v1/server/ping', '200')).toBeGreaterThanOrEqual(1);
    });

    it('labels requests by route template and status, the hot routes like Nest, never by org or secret name', async () => {
      const org = await createOrg(t);
      const secret = uniqueName('metric-secret');
      await createSecret(t, org.name, t.adminKey, { name: secret, type: 'data', data: 'v' }).expect(200);
      const metadata = '/api/v1/org/:orgName/secret/:secretName';
      expect(hotTemplates()).toContain(metadata);
      const before = (await scrape(t)).families;

      // The plain GET is a hot route; with a body it goes through Nest: one route, one series.
      await t.http.get(`/api/v1/org/${org.name}/secret/${secret}`).set('Authorization', t.adminKey).expect(200);
      await t.http
        .get(`/api/v1/org/${org.name}/secret/${secret}`)
        .set('Authorization', t.adminKey)
        .set('Content-Type', 'text/plain')
        .send('x')
        .expect(200);
      await t.http.get(`/api/v1/org/${org.name}/secret/missing-${secret}`).set('Authorization', t.adminKey).expect(404);
      await readSecretData(t, org.name, secret, t.adminKey).expect(200);
      await t.http.get(`/api/v1/no-such-route/${secret}`).expect(404);

      const { text, families } = await scrape(t);
      expect(requests(families, 'GET', metadata, '200') - requests(before, 'GET', metadata, '200')).toBe(2);
      expect(requests(families, 'GET', metadata, '404') - requests(before, 'GET', metadata, '404')).toBe(1);
      const data = '/api/v1/org/:orgName/secret/:secretName/data';
      expect(hotTemplates()).toContain(data);
      expect(requests(families, 'POST', data, '200') - requests(before, 'POST', data, '200')).toBe(1);
      expect(requests(families, 'GET', 'unmatched', '404')).toBeGreaterThanOrEqual(1);
      const latency = { method: 'GET', route: metadata, status: '200' };
      expect(histogramCount(text, 'strongroom_http_request_duration_seconds', latency)).toBe(
        requests(families, 'GET', metadata, '200'),
      );
      expect(text).not.toContain(org.name);
      expect(text).not.toContain(secret);
      // A read's ACCESS event was written and timed.
      expect(histogramCount(text, 'strongroom_audit_write_seconds', { kind: 'access' })).toBeGreaterThan(0);
    });

    const hotTemplates = () => t.app.get(HotRoutes).table.map((route) => route.template);

    it('every hot route template is a route Nest registers', () => {
      const stack = (t.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string } }[] } })
        .router.stack;
      const registered = new Set(stack.map((layer) => layer.route?.path).filter(Boolean));
      expect(hotTemplates().length).toBeGreaterThan(0);
      for (const template of hotTemplates()) expect(registered).toContain(template);
    });

    it('counts lockouts and the attempts refused while locked', async () => {
      const org = await createOrg(t);
      const secret = uniqueName('locked');
      await createSecret(t, org.name, t.adminKey, {
        name: secret,
        type: 'data',
        data: 'v',
        storePassword: 'Right-pass-1',
      }).expect(200);
      const before = (await scrape(t)).families;
      const count = (f: typeof before, name: string) => Number(sample(f, name, { kind: 'store-password' })?.value ?? 0);
      // Each checked wrong guess is a 400; the one that spends the limit locks, later ones are refused unchecked.
      await readSecretData(t, org.name, secret, t.adminKey, 'Wrong-pass-1').expect(400);
      await readSecretData(t, org.name, secret, t.adminKey, 'Wrong-pass-2').expect(400);
      await readSecretData(t, org.name, secret, t.adminKey, 'Right-pass-1').expect(429);
      const after = (await scrape(t)).families;
      expect(count(after, 'strongroom_lockouts_total') - count(before, 'strongroom_lockouts_total')).toBe(1);
      expect(
        count(after, 'strongroom_lockout_refusals_total') - count(before, 'strongroom_lockout_refusals_total'),
      ).toBe(1);
    });
  });

  describe('with STRONGROOM_METRICS_TOKEN', () => {
    const token = 'metrics-token-0123456789';
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ STRONGROOM_METRICS_TOKEN: token });
    });
    afterAll(async () => {
      await t.close();
    });

    it('needs the bearer token, checked on its own: an admin API key does not open it', async () => {
      for (const authorization of [undefined, `Bearer ${token}x`, t.adminKey, `Bearer ${t.adminKey}`, token]) {
        let req = t.http.get('/metrics');
        if (authorization) req = req.set('Authorization', authorization);
        const res = await req.expect(401);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
        expect(res.text).toBe('GET /metrics needs Authorization: Bearer <the value of STRONGROOM_METRICS_TOKEN>');
      }
      const { families } = await scrape(t, `Bearer ${token}`);
      expect(families.has('strongroom_http_requests_total')).toBe(true);
    });

    it('leaves health and ping public', async () => {
      await t.http.get('/api/v1/server/health').expect(200);
      await t.http.get('/api/v1/server/ping').expect(200);
    });
  });
});
