import * as path from 'node:path';
import { defaultKdfConcurrency } from '../src/config/config';

export type BenchMode = 'full' | 'quick' | 'tiny';

export interface BenchOptions {
  mode: BenchMode;
  /** Interleaved repetitions; the table shows medians (and the median of per-repetition ratios). */
  repetitions: number;
  durationSec: number;
  /** Warm-up run per target before the first repetition (0: the first measured run probes instead). */
  warmupSec: number;
  /** Hard cap on requests per load run, on top of the duration. */
  maxRequestsPerRun: number;
  /** autocannon's sampling interval (short for tiny runs, which end when their request cap is reached). */
  sampleIntMs: number;
  readConnections: number;
  createConnections: number;
  passwordConnections: number;
  mainSecrets: number;
  smallOrgSecrets: number;
  largeOrgSecrets: number;
  passwordSecrets: number;
  keyPoolSize: number;
  keyPairCreatesPerRepetition: number;
  rsaBits: number;
  kdfConcurrency: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** PostgreSQL server to use (a fresh database is created on it); embedded PostgreSQL when unset. */
  databaseUrl?: string;
  /** Use `databaseUrl` itself (already migrated, e.g. the test database) instead of a fresh database. */
  useDatabaseAsIs: boolean;
  /** Markdown results file; none when unset. */
  resultsFile?: string;
  /**
   * Profile these Strongroom targets (one CPU profile per target, over one load run after the
   * warm-up) instead of running the repetitions.
   */
  profileTargets: string[];
  cpuProfileDir?: string;
  /** Progress lines go here. */
  log: (line: string) => void;
}

const BENCH_DIR = path.resolve(
  __dirname.endsWith(path.join('dist', 'bench')) ? path.join(__dirname, '../../bench') : __dirname,
);

const STARTED = Date.now();

export function defaultOptions(mode: BenchMode): BenchOptions {
  const common = {
    mode,
    sampleIntMs: 1000,
    readConnections: 20,
    createConnections: 10,
    passwordConnections: 4,
    kdfConcurrency: defaultKdfConcurrency(),
    logLevel: 'info' as const,
    useDatabaseAsIs: false,
    profileTargets: [] as string[],
    log: (line: string) => process.stderr.write(`[bench +${((Date.now() - STARTED) / 1000).toFixed(1)}s] ${line}\n`),
  };
  switch (mode) {
    case 'full':
      return {
        ...common,
        repetitions: 5,
        durationSec: 8,
        warmupSec: 3,
        maxRequestsPerRun: 400_000,
        mainSecrets: 10_000,
        smallOrgSecrets: 1_000,
        largeOrgSecrets: 100_000,
        passwordSecrets: 16,
        keyPoolSize: 8,
        keyPairCreatesPerRepetition: 5,
        rsaBits: 4096,
        resultsFile: path.join(BENCH_DIR, 'RESULTS.md'),
      };
    case 'quick':
      return {
        ...common,
        repetitions: 3,
        durationSec: 1,
        warmupSec: 0,
        maxRequestsPerRun: 100_000,
        mainSecrets: 10_000,
        smallOrgSecrets: 1_000,
        largeOrgSecrets: 100_000,
        passwordSecrets: 4,
        keyPoolSize: 4,
        keyPairCreatesPerRepetition: 3,
        rsaBits: 4096,
        resultsFile: path.join(BENCH_DIR, 'RESULTS-quick.md'),
      };
    case 'tiny':
      return {
        ...common,
        repetitions: 1,
        durationSec: 1,
        warmupSec: 0,
        maxRequestsPerRun: 40,
        sampleIntMs: 100,
        readConnections: 4,
        createConnections: 2,
        passwordConnections: 2,
        mainSecrets: 50,
        smallOrgSecrets: 20,
        largeOrgSecrets: 200,
        passwordSecrets: 2,
        keyPoolSize: 2,
        keyPairCreatesPerRepetition: 1,
        rsaBits: 2048,
        logLevel: 'warn',
      };
  }
}

/** `--quick`, `--profile[=meta,data,...]`, `--profile-dir=DIR`, `--reps=N`, `--duration=S`, `--out=FILE`, `--log-level=L`; DATABASE_URL from the env. */
export function parseArgs(argv: string[], env: Record<string, string | undefined>): BenchOptions {
  const options = defaultOptions(argv.includes('--quick') ? 'quick' : 'full');
  for (const arg of argv) {
    const [flag, value] = arg.split('=', 2);
    switch (flag) {
      case '--quick':
        break;
      case '--profile':
        options.profileTargets = (value ?? 'meta,data,create,list-large').split(',');
        break;
      case '--profile-dir':
        options.cpuProfileDir = path.resolve(value ?? '');
        break;
      case '--reps':
        options.repetitions = Math.max(1, Number(value));
        break;
      case '--duration':
        options.durationSec = Math.max(1, Number(value));
        break;
      case '--out':
        options.resultsFile = path.resolve(value ?? '');
        break;
      case '--log-level':
        options.logLevel = value as BenchOptions['logLevel'];
        break;
      default:
        throw new Error(`Unknown argument ${arg}`);
    }
  }
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) options.databaseUrl = databaseUrl;
  return options;
}
