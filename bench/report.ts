import * as os from 'node:os';
import type { BenchOptions } from './options';

/** One load run as the table uses it. */
export interface Run {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Resident set size of the server that answered, sampled right after the run. */
  rssMB: number;
  /** Non-2xx answers, socket errors and timeouts: a correct run has none. */
  failures: number;
}

export interface Repetition {
  runs: Record<string, Run>;
  argon2OpsPerSec: number;
  strongroomRssMB: number;
  bareRssMB: number;
}

type CheckKind = 'throughput' | 'p99' | 'p50ms' | 'rss';

interface Check {
  kind: CheckKind;
  floor: number;
  target: number;
}

interface RowDef {
  scenario: string;
  run: string;
  refLabel: string;
  /** A run's key, or 'argon2' (raw argon2id ops/s) or 'bare-rss'. */
  ref?: string;
  checks: Check[];
}

/** Every scenario of issue 6, with its reference from the same repetition and its floor / target. */
export const ROWS: RowDef[] = [
  {
    scenario: 'metadata GET (v2)',
    run: 'meta',
    ref: 'bare-meta',
    refLabel: 'bare GET /meta',
    checks: [
      { kind: 'throughput', floor: 0.3, target: 0.45 },
      { kind: 'p99', floor: 4, target: 2.5 },
    ],
  },
  {
    scenario: '/data server key (audited)',
    run: 'data',
    ref: 'bare-data',
    refLabel: 'bare POST /data',
    checks: [
      { kind: 'throughput', floor: 0.25, target: 0.4 },
      { kind: 'p99', floor: 4, target: 2.5 },
    ],
  },
  {
    scenario: '/data password secret',
    run: 'data-password',
    ref: 'argon2',
    refLabel: 'raw argon2id ops/s',
    checks: [{ kind: 'throughput', floor: 0.8, target: 0.9 }],
  },
  {
    scenario: 'create DATA 1 KiB (multipart)',
    run: 'create',
    ref: 'bare-create',
    refLabel: 'bare POST /create',
    checks: [{ kind: 'throughput', floor: 0.3, target: 0.45 }],
  },
  {
    scenario: 'create generated RSA key pair (warm pool)',
    run: 'create-key-pair',
    refLabel: 'p50 latency',
    checks: [{ kind: 'p50ms', floor: 200, target: 50 }],
  },
  {
    scenario: 'list page of 100, org of 1,000',
    run: 'list-small',
    ref: 'bare-list-small',
    refLabel: 'bare GET /list (info)',
    checks: [],
  },
  {
    scenario: 'list page of 100, org of 100,000',
    run: 'list-large',
    ref: 'list-small',
    refLabel: 'same page, org of 1,000',
    checks: [{ kind: 'throughput', floor: 0.7, target: 0.9 }],
  },
  {
    scenario: 'isolation: /data server key while 4 conns hammer passwords',
    run: 'isolation',
    ref: 'data',
    refLabel: '/data server key unloaded',
    checks: [
      { kind: 'throughput', floor: 0.5, target: 0.7 },
      { kind: 'p99', floor: 3, target: 2 },
    ],
  },
  {
    scenario: 'RSS after load',
    run: '',
    ref: 'bare-rss',
    refLabel: 'bare server RSS',
    checks: [{ kind: 'rss', floor: 2, target: 1.5 }],
  },
];

export function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface TableRow {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  rssMB: number;
  refLabel: string;
  refRps: number;
  refP99: number;
  ratio: number;
  p99Ratio: number;
  goal: string;
  result: 'target' | 'floor' | 'BELOW FLOOR' | 'info';
  failures: number;
}

function checkValue(check: Check, rep: Repetition, row: RowDef): number {
  const run = rep.runs[row.run];
  const ref = row.ref ? rep.runs[row.ref] : undefined;
  switch (check.kind) {
    case 'throughput':
      return run.rps / (row.ref === 'argon2' ? rep.argon2OpsPerSec : (ref?.rps ?? NaN));
    case 'p99':
      return run.p99 / (ref?.p99 ?? NaN);
    case 'p50ms':
      return run.p50;
    case 'rss':
      return rep.strongroomRssMB / rep.bareRssMB;
  }
}

function passes(kind: CheckKind, value: number, bound: number): boolean {
  return kind === 'throughput' ? value >= bound : value <= bound;
}

function goalText(check: Check): string {
  switch (check.kind) {
    case 'throughput':
      return `≥ ${check.floor} / ${check.target}`;
    case 'p99':
      return `p99 ≤ ${check.floor}× / ${check.target}×`;
    case 'p50ms':
      return `p50 ≤ ${check.floor} / ${check.target} ms`;
    case 'rss':
      return `≤ ${check.floor}× / ${check.target}×`;
  }
}

/** Medians over repetitions; ratios are the median of each repetition's own ratio. */
export function buildTable(reps: Repetition[]): TableRow[] {
  return ROWS.map((row) => {
    const of = (pick: (rep: Repetition) => number) => median(reps.map(pick));
    const runs = reps.map((r) => r.runs[row.run]).filter((r): r is Run => r !== undefined);
    const refRuns = reps.map((r) => (row.ref ? r.runs[row.ref] : undefined)).filter((r): r is Run => !!r);
    const isRss = row.run === '';
    const values = row.checks.map((c) => of((rep) => checkValue(c, rep, row)));
    const outcomes = row.checks.map((c, i) =>
      passes(c.kind, values[i], c.target) ? 2 : passes(c.kind, values[i], c.floor) ? 1 : 0,
    );
    const worst = outcomes.length ? Math.min(...outcomes) : -1;
    const throughputIndex = row.checks.findIndex((c) => c.kind === 'throughput' || c.kind === 'rss');
    const p99Index = row.checks.findIndex((c) => c.kind === 'p99');
    const infoRatio =
      row.ref && !isRss ? median(reps.map((r) => r.runs[row.run].rps / (r.runs[row.ref!]?.rps ?? NaN))) : NaN;
    return {
      scenario: row.scenario,
      rps: median(runs.map((r) => r.rps)),
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      rssMB: isRss ? of((r) => r.strongroomRssMB) : median(runs.map((r) => r.rssMB)),
      refLabel: row.refLabel,
      refRps:
        row.ref === 'argon2'
          ? of((r) => r.argon2OpsPerSec)
          : isRss
            ? of((r) => r.bareRssMB)
            : median(refRuns.map((r) => r.rps)),
      refP99: median(refRuns.map((r) => r.p99)),
      ratio: throughputIndex >= 0 ? values[throughputIndex] : infoRatio,
      p99Ratio: p99Index >= 0 ? values[p99Index] : NaN,
      goal: row.checks.map(goalText).join('; ') || '(reference only)',
      result: worst === 2 ? 'target' : worst === 1 ? 'floor' : worst === 0 ? 'BELOW FLOOR' : 'info',
      failures: runs.reduce((sum, r) => sum + r.failures, 0),
    };
  });
}

function fmt(value: number, digits = 0): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

export function machineLine(): string {
  const cpus = os.cpus();
  const gib = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${os.hostname()}: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${gib} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export function markdownTable(rows: TableRow[]): string {
  const header =
    '| Scenario | req/s | p50 ms | p99 ms | RSS MB | Reference | ref req/s | ref p99 ms | ratio | p99 ratio | floor / target | result | failed requests |';
  const lines = [header, `|${' --- |'.repeat(13)}`];
  for (const r of rows) {
    const isRss = r.scenario === 'RSS after load';
    lines.push(
      `| ${r.scenario} | ${isRss ? '–' : fmt(r.rps)} | ${isRss ? '–' : fmt(r.p50, 1)} | ${isRss ? '–' : fmt(r.p99, 1)} | ${fmt(r.rssMB)} | ${r.refLabel} | ${isRss ? `${fmt(r.refRps)} MB` : fmt(r.refRps, r.refLabel.includes('argon2') ? 1 : 0)} | ${fmt(r.refP99, 1)} | ${fmt(r.ratio, 2)} | ${fmt(r.p99Ratio, 2)} | ${r.goal} | ${r.result} | ${r.failures} |`,
    );
  }
  return lines.join('\n');
}

export function resultsMarkdown(rows: TableRow[], options: BenchOptions, startedAt: Date, extra: string[]): string {
  return [
    '# Strongroom benchmark results',
    '',
    `- Date: ${startedAt.toISOString()}`,
    `- Machine: ${machineLine()}`,
    `- Mode: ${options.mode}; ${options.repetitions} interleaved repetitions of ${options.durationSec} s per run ` +
      `(medians; ratios are the median of each repetition's own ratio)`,
    `- Load: autocannon in a child process on 127.0.0.1; ${options.readConnections} connections for reads and lists, ` +
      `${options.createConnections} for creates, ${options.passwordConnections} for password reads, 1 for key pairs; ` +
      `at most ${options.maxRequestsPerRun} requests per run`,
    `- Data: ${options.mainSecrets} secrets with 1 KiB values, list orgs of ${options.smallOrgSecrets} and ` +
      `${options.largeOrgSecrets}; key pool ${options.keyPoolSize} × RSA-${options.rsaBits}; argon2id at the ` +
      `server's parameters with ${options.kdfConcurrency} derivations at once; log level ${options.logLevel}`,
    ...extra.map((line) => `- ${line}`),
    '',
    markdownTable(rows),
    '',
    'Results: `target` = the target holds, `floor` = only the floor holds. The analysis (what limits the',
    'ratios, with the profile) is in bench/README.md.',
    '',
  ].join('\n');
}
