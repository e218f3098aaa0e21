import fc from 'fast-check';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { useTestApp } from '../helpers/test-app';
import { addToTeam, auth, createOrg, createUser } from '../helpers/factories';
import { bodyBytes, createSecret, readSecretData } from '../helpers/secrets';
import { uniqueName } from '../helpers/names';

/**
 * Generated requests for every route of openapi.yaml (the CI adapters' routes included), with hostile strings, wrong types, truncated, oversized and deeply nested JSON and multipart
 * bodies, chunked bodies, cut connections and bad credentials. The property: never a 5xx, the server
 * stays up, and a secret the requests cannot name stays intact.
 *
 * Seeded: FUZZ_SEED=<n> reproduces a run (the seed is in the test's name); FUZZ_RUNS sets its length.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const MAX_DATA = 16 * 1024;

interface Route {
  method: string;
  template: string;
  body?: 'json' | 'multipart';
  query: string[];
}

interface FuzzRequest {
  route: Route;
  params: string[];
  query: [string, string][];
  authorization?: string;
  cookie?: string;
  body?: Buffer;
  contentType?: string;
  chunked: boolean;
  /** Cut the connection after this many body bytes instead of finishing the request. */
  cutAfter?: number;
}

function routesOf(document: string): Route[] {
  const spec = yaml.load(document) as {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: unknown }>>;
  };
  const routes: Route[] = [];
  for (const [template, operations] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const content = (op.requestBody as { content?: Record<string, unknown> } | undefined)?.content ?? {};
      const body = 'multipart/form-data' in content ? 'multipart' : 'application/json' in content ? 'json' : undefined;
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      // Routes that read a JSON body without declaring one (Metronome jobs) still get bodies: POST and PUT always do.
      const reads = body ?? (method === 'post' || method === 'put' ? 'json' : undefined);
      routes.push({ method: method.toUpperCase(), template, body: reads, query });
    }
  }
  return routes;
}

const HOSTILE = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0001\u0007\u001b\u001f',
  '\t\r\n',
  '\u007f',
  '%',
  '%00',
  '%zz',
  '..',
  '../../etc/passwd',
  "'; DROP TABLE secrets;--",
  '\uD800',
  '\uFFFF\uFFFE',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☃',
  '\u202Eevil',
  'ø'.repeat(300),
  'a'.repeat(5000),
  '{}',
  '[]',
  'null',
  '-1',
  '9'.repeat(40),
  'true',
  '*',
  '?x=1',
  '#frag',
  'a/b',
  'DATA',
  'key_pair',
  'username_password',
  'PRIVATE',
  'READER',
  'OWNER',
  'concordAdmin',
  'Basic',
];

/** Field names the API reads, so generated bodies reach past the first check. */
const FIELDS = [
  'name',
  'type',
  'data',
  'storePassword',
  'newStorePassword',
  'generatePassword',
  'visibility',
  'projects',
  'projectIds',
  'project',
  'org',
  'orgId',
  'ownerId',
  'username',
  'password',
  'public',
  'private',
  'keyAlgorithm',
  'events',
  'images',
  'removeProjectLink',
  'description',
  'displayName',
  'roles',
  'teamName',
  'teamId',
  'level',
  'userId',
  'userDomain',
  'userType',
  'kind',
  'publicKey',
  'meta',
  'owner',
  'orgName',
  'projectName',
  'key',
  'value',
  'repo',
  'build',
  'action',
  'run',
  'secrets',
  'env',
  'volumes',
  'id',
];

describe('fuzz: generated requests against every route', () => {
  let port: number;
  let routes: Route[];
  let known: { org: string; name: string; key: string; bytes: Buffer };
  let names: string[];
  let credentials: string[];

  const t = useTestApp({
    STRONGROOM_MAX_SECRET_DATA_SIZE: String(MAX_DATA),
    STRONGROOM_ARGON2_MEMORY_KIB: '1024',
    STRONGROOM_ARGON2_ITERATIONS: '1',
    STRONGROOM_RSA_BITS: '2048',
    STRONGROOM_BODY_IDLE_TIMEOUT: '1',
    STRONGROOM_MAX_FAILED_ATTEMPTS: '100000',
  });
  beforeAll(async () => {
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as { port: number }).port;
    routes = routesOf(fs.readFileSync(path.join(__dirname, '..', '..', 'openapi.yaml'), 'utf8'));

    // The secret that must come through untouched: in an org whose name no generated request knows.
    const keeper = await createUser(t);
    const keeperOrg = await createOrg(t, { owner: { id: keeper.id } });
    const bytes = Buffer.from([0, 1, 2, 3, 0xff, ...Buffer.from(uniqueName('known'))]);
    const knownName = uniqueName('known');
    await createSecret(t, keeperOrg.name, keeper.apiKey, { name: knownName, type: 'data', data: bytes }).expect(200);
    known = { org: keeperOrg.name, name: knownName, key: keeper.apiKey, bytes };

    // What the requests may name: an org of their own, with a member, a team, a project, secrets, integrations.
    const member = await createUser(t, { password: 'Fuzz1PaSsWoRd' });
    const org = await createOrg(t);
    await addToTeam(t, org.name, 'default', member.id, 'OWNER');
    const project = uniqueName('proj');
    await t.http.post(`/api/v1/org/${org.name}/project`).set(auth(t.adminKey)).send({ name: project }).expect(200);
    const secrets = [uniqueName('s'), uniqueName('s')];
    await createSecret(t, org.name, member.apiKey, { name: secrets[0], type: 'data', data: 'v' }).expect(200);
    const vaulted = { name: secrets[1], type: 'data', data: 'v', storePassword: 'Fuzz1PaSsWoRd' };
    await createSecret(t, org.name, member.apiKey, vaulted).expect(200);
    const drone = await t.http
      .post(`/api/v1/org/${org.name}/integration`)
      .set(auth(t.adminKey))
      .send({ name: 'drone08', kind: 'drone-legacy' })
      .expect(200);
    names = [
      org.name,
      'default',
      project,
      ...secrets,
      member.username,
      member.id,
      drone.body.id,
      drone.body.token,
      'drone08',
    ];
    // The admin's key, three working credentials of the member, then bad ones.
    credentials = [
      t.adminKey,
      member.apiKey,
      `Bearer ${member.apiKey}`,
      `Basic ${Buffer.from(`${member.username}:Fuzz1PaSsWoRd`).toString('base64')}`,
      `Basic ${Buffer.from(`${member.username}:wrong`).toString('base64')}`,
      `Basic ${Buffer.from('a\u0000b:c').toString('base64')}`,
      'Basic %%%',
      'Basic ',
      'Bearer',
      'Bearer \u00ff\u00fe',
      'x'.repeat(4000),
      'ConcordApiToken abc',
    ];
  });

  const text = () =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...names) },
      // Names that pass the name rule, so creates and renames get through to the database.
      { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{2,20}$/) },
      { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.integer().map(String) },
    );

  /** JSON values: the API's field names with hostile or wrong-typed values, nested a little or far too deep. */
  const jsonValue = () =>
    fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        text(),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), text()), tie('value'), { maxKeys: 5 }),
      ),
    })).value;

  const jsonBody = () =>
    fc.oneof(
      {
        weight: 6,
        arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), jsonValue(), { maxKeys: 8 }).map((v) => JSON.stringify(v)),
      },
      { weight: 2, arbitrary: jsonValue().map((v) => JSON.stringify(v) ?? 'null') },
      {
        weight: 1,
        arbitrary: fc.tuple(jsonValue(), fc.nat()).map(([v, cut]) => truncate(JSON.stringify(v) ?? '{', cut)),
      },
      {
        weight: 1,
        arbitrary: fc.integer({ min: 30, max: 20_000 }).map((d) => `{"a":${'['.repeat(d)}${']'.repeat(d)}}`),
      },
      { weight: 1, arbitrary: fc.constant(`{"name":"${'x'.repeat(MAX_DATA * 3)}"}`) },
      { weight: 1, arbitrary: fc.constantFrom('', 'not json', '{"a":', '\u0000', '[[[[') },
    );

  const part = () =>
    fc.record({
      name: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...FIELDS) }, { weight: 1, arbitrary: text() }),
      value: fc.oneof(
        text().map((s) => Buffer.from(s, 'utf8')),
        fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
        fc.constant(Buffer.alloc(MAX_DATA + 1, 0x61)),
      ),
      file: fc.boolean(),
    });

  const multipartBody = () =>
    fc.record({
      parts: fc.oneof(
        { weight: 6, arbitrary: fc.array(part(), { maxLength: 8 }) },
        {
          weight: 1,
          arbitrary: fc.constant(
            Array.from({ length: 80 }, (_, i) => ({ name: `f${i}`, value: Buffer.from('v'), file: false })),
          ),
        },
      ),
      shape: fc.constantFrom('whole', 'whole', 'whole', 'truncated', 'no-boundary', 'no-closing', 'garbage'),
      cut: fc.nat(),
    });

  const request = (): fc.Arbitrary<FuzzRequest> =>
    fc
      .record({
        routeIndex: fc.nat({ max: 10_000 }),
        params: fc.array(fc.tuple(text(), fc.boolean()), { minLength: 4, maxLength: 4 }),
        query: fc.array(
          fc.tuple(
            fc.oneof(fc.constantFrom('filter', 'limit', 'offset', 'replace', 'permanent', 'confirmation'), text()),
            text(),
          ),
          { maxLength: 3 },
        ),
        authorization: fc.oneof(
          { weight: 4, arbitrary: fc.constant(credentials[0]) },
          { weight: 4, arbitrary: fc.constantFrom(...credentials.slice(1, 4)) },
          { weight: 2, arbitrary: fc.constant(undefined) },
          { weight: 3, arbitrary: fc.constantFrom(...credentials.slice(4)) },
        ),
        cookie: sometimes(
          fc.constantFrom('JSESSIONID=abc', 'JSESSIONID=%00', 'JSESSIONID=j:{"a":1}', `JSESSIONID=${'a'.repeat(300)}`),
          8,
        ),
        json: jsonBody(),
        multipart: multipartBody(),
        wrongType: fc.constantFrom(
          undefined,
          undefined,
          undefined,
          'text/plain',
          'application/json',
          'multipart/form-data; boundary=zz',
          'application/x-www-form-urlencoded',
        ),
        chunked: fc.boolean(),
        cut: sometimes(fc.nat({ max: 200 }), 12),
      })
      .map((g) => {
        const route = routes[g.routeIndex % routes.length];
        const params = g.params.map(([value, raw]) =>
          raw && /^[\x21-\x7e]*$/.test(value) ? value : percentEncode(value),
        );
        let body: Buffer | undefined;
        let contentType: string | undefined;
        if (route.body === 'json') {
          body = Buffer.from(g.json, 'utf8');
          contentType = 'application/json';
        } else if (route.body === 'multipart') {
          ({ body, contentType } = buildMultipart(g.multipart.parts, g.multipart.shape, g.multipart.cut));
        }
        if (g.wrongType) {
          contentType = g.wrongType;
          body ??= Buffer.from(g.json, 'utf8');
        }
        return {
          route,
          params,
          query: g.query,
          authorization: g.authorization,
          cookie: g.cookie ?? undefined,
          body,
          contentType,
          chunked: g.chunked,
          cutAfter: g.cut ?? undefined,
        };
      });

  it(`never answers 5xx, stays up and keeps a secret it cannot name intact (seed ${SEED}, ${RUNS} requests)`, async () => {
    process.stdout.write(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} reproduces this run)\n`);
    await fc.assert(
      fc.asyncProperty(request(), async (r) => {
        const answer = await send(port, r);
        if (answer.status !== undefined && answer.status >= 500) {
          throw new Error(`${r.route.method} ${answer.path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
        }
        if (answer.status === undefined && r.cutAfter === undefined) {
          throw new Error(`${r.route.method} ${answer.path} got no answer (${answer.error})`);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );

    await t.http.get('/api/v1/server/ping').expect(200);
    const read = await readSecretData(t, known.org, known.name, known.key).expect(200);
    expect(bodyBytes(read)).toEqual(known.bytes);
    const meta = await t.http.get(`/api/v1/org/${known.org}/secret/${known.name}`).set(auth(known.key)).expect(200);
    expect(meta.body).toEqual(expect.objectContaining({ name: known.name, orgName: known.org, visibility: 'PUBLIC' }));
    expect(t.logs.filter((l) => l.includes('Unhandled error'))).toEqual([]);
  }, 240_000);
});

/** `arbitrary` once in `every` cases, undefined otherwise. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: every - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
}

/** Percent-encodes the UTF-8 bytes of any string (lone surrogates too, as U+FFFD), unlike encodeURIComponent. */
function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9._~-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function truncate(text: string, cut: number): string {
  return text.length <= 1 ? text : text.slice(0, cut % text.length);
}

function buildMultipart(
  parts: { name: string; value: Buffer; file: boolean }[],
  shape: string,
  cut: number,
): { body: Buffer; contentType: string } {
  const boundary = 'fuzz-boundary';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name.replace(/["\r\n]/g, '_')}"${p.file ? `; filename="${p.name.replace(/["\r\n]/g, '_')}.bin"` : ''}`;
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`),
      p.value,
      Buffer.from('\r\n'),
    );
  }
  if (shape !== 'no-closing') chunks.push(Buffer.from(`--${boundary}--\r\n`));
  let body = Buffer.concat(chunks);
  if (shape === 'truncated' && body.length > 1) body = body.subarray(0, cut % body.length);
  if (shape === 'garbage') body = Buffer.from(`--${boundary}\r\nno headers at all\r\n\r\n--${boundary}--`);
  const contentType = shape === 'no-boundary' ? 'multipart/form-data' : `multipart/form-data; boundary=${boundary}`;
  return { body, contentType };
}

interface Answer {
  path: string;
  status?: number;
  body: string;
  error?: string;
}

/** Sends one generated request over a fresh connection; cut requests are abandoned mid-body. */
function send(port: number, r: FuzzRequest): Promise<Answer> {
  let index = 0;
  const filled = r.route.template.replace(/\{[^}]+\}/g, () => r.params[index++ % r.params.length]);
  const query = r.query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  const target = query ? `${filled}?${query}` : filled;
  return new Promise((resolve) => {
    const answer: Answer = { path: target.slice(0, 200), body: '' };
    const headers: Record<string, string> = {};
    if (r.authorization !== undefined) headers.Authorization = r.authorization;
    if (r.cookie !== undefined) headers.Cookie = r.cookie;
    if (r.contentType !== undefined) headers['Content-Type'] = r.contentType;
    if (r.body && !r.chunked) headers['Content-Length'] = String(r.body.length);
    if (r.body && r.chunked) headers['Transfer-Encoding'] = 'chunked';
    const timer = setTimeout(() => {
      req.destroy();
      answer.error = 'timed out';
      resolve(answer);
    }, 15_000);
    const done = () => {
      clearTimeout(timer);
      resolve(answer);
    };
    const req = http.request({ host: '127.0.0.1', port, method: r.route.method, path: target, headers, agent: false });
    req.on('response', (res) => {
      answer.status = res.statusCode;
      res.setEncoding('utf8');
      res.on('data', (d: string) => (answer.body = (answer.body + d).slice(0, 1000)));
      res.on('end', done);
      res.on('error', done);
    });
    req.on('error', (error) => {
      answer.error = error.message;
      if (answer.status === undefined) done();
    });
    if (!r.body) return void req.end();
    if (r.cutAfter !== undefined) {
      req.write(r.body.subarray(0, Math.min(r.cutAfter, r.body.length)));
      setTimeout(() => {
        req.destroy();
        done();
      }, 20);
      return;
    }
    // Chunked bodies go out in a few pieces, as a streaming client sends them.
    const size = r.chunked ? Math.max(1, Math.ceil(r.body.length / 3)) : r.body.length;
    for (let i = 0; i < r.body.length; i += size) req.write(r.body.subarray(i, i + size));
    req.end();
  });
}
