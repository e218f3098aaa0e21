import { ChildProcess } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../src/config/config';
import type { Argon2Job, Argon2Result } from './argon2-raw';
import { openBenchDatabase } from './database';
import type { LoadJob, LoadResult } from './load';
import type { BenchOptions } from './options';
import { ask, forkChild, runJob, stopChild, waitForMessage } from './processes';
import { buildTable, markdownTable, Repetition, resultsMarkdown, Run, TableRow } from './report';
import { formatSummary, summarize } from './profile-summary';
import { seed, Seeded } from './seed';

export interface BenchOutcome {
  rows: TableRow[];
  table: string;
  markdown: string;
}

type ServerName = 'strongroom' | 'bare';
type Target = Omit<LoadJob, 'url' | 'durationSec' | 'maxRequests' | 'probe'> & { server: ServerName };

interface Servers {
  strongroom: { child: ChildProcess; url: string };
  bare: { child: ChildProcess; url: string };
}

const MB = 1024 * 1024;

/**
 * Strongroom runs as `npm start` runs it (package.json): one glibc arena, so argon2id's 19 MiB buffer
 * is kept once rather than once per libuv thread, a smaller V8 young generation (8 MiB semi-spaces), and
 * an old generation capped at STRONGROOM_HEAP_MB (512 MiB unless set): below V8's 2 GiB threshold the
 * old generation may grow by at most ~1.4× between full collections instead of 4×, which keeps RSS near the
 * live heap.
 */
const START_ENV = { MALLOC_ARENA_MAX: '1' };
const START_NODE_FLAGS = ['--max-semi-space-size=8', `--max-old-space-size=${process.env.STRONGROOM_HEAP_MB ?? '512'}`];

/** The measured targets, built from the seeded data. */
function targets(s: Seeded, o: BenchOptions): Record<string, Target> {
  const auth = { Authorization: s.apiKey };
  const read = o.readConnections;
  const pages = (count: number) => {
    // The first ten pages (or as many as the smaller org has), the same offsets in both orgs.
    const last = Math.max(0, Math.min(9, Math.floor((Math.min(count, o.smallOrgSecrets) - 1) / 100)));
    return Array.from({ length: last + 1 }, (_, i) => String(i * 100));
  };
  return {
    meta: {
      server: 'strongroom',
      method: 'GET',
      path: `/api/v2/org/${s.main.name}/secret/{item}`,
      items: s.main.names,
      headers: auth,
      connections: read,
    },
    'bare-meta': { server: 'bare', method: 'GET', path: '/meta/{item}', items: s.main.ids, connections: read },
    data: {
      server: 'strongroom',
      method: 'POST',
      path: `/api/v1/org/${s.main.name}/secret/{item}/data`,
      items: s.main.names,
      headers: auth,
      // What the concordSecrets task sends: the name, and no storePassword for server-key secrets.
      form: { name: '{item}' },
      connections: read,
    },
    'bare-data': {
      server: 'bare',
      method: 'POST',
      path: '/data/{item}',
      items: s.main.ids,
      form: { name: '{item}' },
      connections: read,
    },
    'data-password': {
      server: 'strongroom',
      method: 'POST',
      path: `/api/v1/org/${s.main.name}/secret/{item}/data`,
      items: s.passwordNames,
      headers: auth,
      form: { storePassword: s.storePassword },
      connections: o.passwordConnections,
    },
    create: {
      server: 'strongroom',
      method: 'POST',
      path: `/api/v1/org/${s.create.name}/secret`,
      headers: auth,
      form: { name: 'c-{seq}', type: 'data' },
      dataBytes: 1024,
      connections: o.createConnections,
    },
    'bare-create': {
      server: 'bare',
      method: 'POST',
      path: '/create',
      form: { name: 'c-{seq}', type: 'data' },
      dataBytes: 1024,
      connections: o.createConnections,
    },
    'create-key-pair': {
      server: 'strongroom',
      method: 'POST',
      path: `/api/v1/org/${s.create.name}/secret`,
      headers: auth,
      form: { name: 'k-{seq}', type: 'key_pair' },
      connections: 1,
    },
    'list-small': {
      server: 'strongroom',
      method: 'GET',
      path: `/api/v2/org/${s.small.name}/secret?limit=100&offset={item}`,
      items: pages(o.smallOrgSecrets),
      headers: auth,
      connections: read,
    },
    'list-large': {
      server: 'strongroom',
      method: 'GET',
      path: `/api/v2/org/${s.large.name}/secret?limit=100&offset={item}`,
      items: pages(o.largeOrgSecrets),
      headers: auth,
      connections: read,
    },
    'bare-list-small': {
      server: 'bare',
      method: 'GET',
      path: `/list/${s.small.id}?limit=100&offset={item}`,
      items: pages(o.smallOrgSecrets),
      connections: read,
    },
  };
}

/**
 * Runs the whole bench: database, both servers as child processes, seeding, warm-up, then
 * interleaved repetitions of every scenario, and the table. Everything is bounded and cleaned up.
 */
export async function runBench(o: BenchOptions): Promise<BenchOutcome> {
  const startedAt = new Date();
  const loadAtStart = os.loadavg()[0];
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-bench-'));
  const children: ChildProcess[] = [];
  o.log(`work dir ${workDir}`);
  const db = await openBenchDatabase(o.databaseUrl, o.useDatabaseAsIs);
  try {
    const adminKey = crypto.randomBytes(16).toString('base64');
    const env: Record<string, string> = {
      DATABASE_URL: db.url,
      PORT: '0',
      STRONGROOM_HOST: '127.0.0.1',
      STRONGROOM_DATA_DIR: path.join(workDir, 'data'),
      STRONGROOM_SERVER_KEYS: `bench:${crypto.randomBytes(32).toString('base64')}`,
      STRONGROOM_ADMIN_API_KEY: adminKey,
      STRONGROOM_KEY_POOL_SIZE: String(o.keyPoolSize),
      STRONGROOM_RSA_BITS: String(o.rsaBits),
      STRONGROOM_KDF_CONCURRENCY: String(o.kdfConcurrency),
      STRONGROOM_LOG_LEVEL: o.logLevel,
    };
    const config = loadConfig(env);

    o.log('starting Strongroom');
    const nodeFlags = [
      ...START_NODE_FLAGS,
      ...(o.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfileDir}`] : []),
    ];
    const strongroomChild = forkChild('strongroom-server', [], {
      env: { ...START_ENV, ...env },
      nodeFlags,
      logFile: path.join(workDir, 'strongroom.log'),
    });
    children.push(strongroomChild);
    const strongroom = {
      child: strongroomChild,
      url: (await waitForMessage<{ url: string }>(strongroomChild, 'ready', 120_000)).url,
    };

    o.log('seeding');
    const seeded = await seed(strongroom.url, adminKey, db.url, config, {
      main: o.mainSecrets,
      small: o.smallOrgSecrets,
      large: o.largeOrgSecrets,
      password: o.passwordSecrets,
    });

    const bareChild = forkChild('bare-server', [], {
      env: {
        DATABASE_URL: db.url,
        BARE_SERVER_KEY: env.STRONGROOM_SERVER_KEYS,
        BARE_CREATE_ORG_ID: seeded.bareCreate.id,
        BARE_OWNER_ID: seeded.userId,
      },
      logFile: path.join(workDir, 'bare.log'),
    });
    children.push(bareChild);
    const bare = { child: bareChild, url: (await waitForMessage<{ url: string }>(bareChild, 'ready', 30_000)).url };
    const servers: Servers = { strongroom, bare };
    const all = targets(seeded, o);

    await waitForKeyPool(servers, o);
    if (o.warmupSec > 0) {
      o.log('warming up');
      for (const [name, target] of Object.entries(all)) {
        if (name === 'create-key-pair') continue;
        await load(servers, target, o, o.warmupSec, true);
      }
    }

    if (o.profileTargets.length > 0) {
      await profileTargets(servers, all, o);
      return { rows: [], table: '', markdown: '' };
    }

    const reps: Repetition[] = [];
    for (let r = 0; r < o.repetitions; r++) {
      o.log(`repetition ${r + 1} of ${o.repetitions}`);
      reps.push(await repetition(servers, all, o, r));
    }
    const rows = buildTable(reps);
    const table = markdownTable(rows);
    // The load average says how far to trust absolute numbers (other work may share the CPUs).
    const loadNote = `Load average (1 min) at start ${loadAtStart.toFixed(1)}, at end ${os.loadavg()[0].toFixed(1)}`;
    const markdown = resultsMarkdown(rows, o, startedAt, [loadNote]);
    if (o.resultsFile) fs.writeFileSync(o.resultsFile, markdown);
    return { rows, table, markdown };
  } finally {
    for (const child of children.reverse()) await stopChild(child);
    await db.dispose();
    if (!process.env.BENCH_KEEP_WORKDIR) fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** CPU profiles of Strongroom, one per target, each over one load run (instead of the repetitions). */
async function profileTargets(servers: Servers, all: Record<string, Target>, o: BenchOptions): Promise<void> {
  const dir = o.cpuProfileDir ?? path.join(os.tmpdir(), 'strongroom-bench-profiles');
  fs.mkdirSync(dir, { recursive: true });
  for (const name of o.profileTargets) {
    const target = all[name];
    if (!target || target.server !== 'strongroom') throw new Error(`No Strongroom target named ${name}`);
    const before = await ask<{ queries: number }>(servers.strongroom.child, 'queries');
    await ask(servers.strongroom.child, 'profile-start');
    const run = await load(servers, target, o, o.durationSec, false);
    const file = path.join(dir, `${name}.cpuprofile`);
    await ask(servers.strongroom.child, 'profile-stop', 60_000, { file });
    const after = await ask<{ queries: number }>(servers.strongroom.child, 'queries');
    const perRequest = (after.queries - before.queries) / Math.max(1, run.requests);
    o.log(
      `profiled ${name}: ${run.rps.toFixed(0)} req/s, p99 ${run.p99} ms, ${perRequest.toFixed(2)} SQL statements per request -> ${file}`,
    );
    process.stdout.write(formatSummary(name, summarize(file)) + '\n\n');
  }
}

/** One repetition: every scenario once, paired targets back to back in alternating order. */
async function repetition(
  servers: Servers,
  all: Record<string, Target>,
  o: BenchOptions,
  r: number,
): Promise<Repetition> {
  const runs: Record<string, Run> = {};
  // Without a warm-up the first repetition's runs send one checked request first.
  const probe = o.warmupSec === 0 && r === 0;
  const paired = async (a: string, b: string) => {
    for (const name of r % 2 === 0 ? [a, b] : [b, a])
      runs[name] = await load(servers, all[name], o, o.durationSec, probe);
  };
  await paired('meta', 'bare-meta');
  await paired('data', 'bare-data');
  await paired('list-small', 'bare-list-small');
  runs['list-large'] = await load(servers, all['list-large'], o, o.durationSec, probe);
  await paired('create', 'bare-create');
  runs['data-password'] = await load(servers, all['data-password'], o, o.durationSec, probe);
  const argon2 = await runJob<Argon2Result>(
    'argon2-raw',
    {
      ...config(o).secrets.argon2,
      concurrency: o.kdfConcurrency,
      durationSec: o.durationSec,
      maxOps: o.maxRequestsPerRun,
    } satisfies Argon2Job,
    (o.durationSec + 60) * 1000,
  );
  // Isolation: both loads at once, against the same server.
  const [isolation, hammer] = await Promise.all([
    load(servers, all.data, o, o.durationSec, false),
    load(servers, all['data-password'], o, o.durationSec, false),
  ]);
  runs.isolation = isolation;
  runs['isolation-password'] = hammer;
  runs['create-key-pair'] = await load(servers, all['create-key-pair'], o, 120, probe, o.keyPairCreatesPerRepetition);
  await waitForKeyPool(servers, o);
  const [strongroomRss, bareRss] = await Promise.all([rss(servers.strongroom.child), rss(servers.bare.child)]);
  return { runs, argon2OpsPerSec: argon2.opsPerSec, strongroomRssMB: strongroomRss / MB, bareRssMB: bareRss / MB };
}

function config(o: BenchOptions) {
  return loadConfig({ STRONGROOM_KDF_CONCURRENCY: String(o.kdfConcurrency) });
}

async function load(
  servers: Servers,
  target: Target,
  o: BenchOptions,
  durationSec: number,
  probe: boolean,
  maxRequests = o.maxRequestsPerRun,
): Promise<Run> {
  const { server, ...job } = target;
  const full: LoadJob = {
    ...job,
    url: servers[server].url,
    durationSec,
    maxRequests,
    probe,
    sampleIntMs: o.sampleIntMs,
  };
  const result = await runJob<LoadResult>('load', full, (durationSec + 60) * 1000);
  const failures = result.non2xx + result.errors + result.timeouts;
  if (failures > 0) o.log(`${server} ${job.method} ${job.path}: ${failures} failed requests`);
  return {
    requests: result.ok + result.non2xx,
    rps: result.rps,
    p50: result.p50,
    p99: result.p99,
    rssMB: (await rss(servers[server].child)) / MB,
    failures,
  };
}

async function rss(child: ChildProcess): Promise<number> {
  return (await ask<{ rss: number }>(child, 'rss')).rss;
}

/** Waits (bounded) until the RSA key pool is full, so background generation does not skew the next runs. */
async function waitForKeyPool(servers: Servers, o: BenchOptions): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const { available } = await ask<{ available: number }>(servers.strongroom.child, 'pool');
    if (available >= o.keyPoolSize) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  o.log('key pool did not fill within 5 minutes; carrying on');
}
