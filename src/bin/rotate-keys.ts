/**
 * Server key rotation: `npm run keys:rotate [-- --no-new-key] [--batch-size N]`.
 * With the key file (no STRONGROOM_SERVER_KEYS), puts a new key first in `<dataDir>/server-keys`;
 * with STRONGROOM_SERVER_KEYS, the operator puts the new key first and this only re-wraps. Then every
 * SERVER_KEY data key is re-wrapped onto the active key in batches, while servers keep serving.
 * Prints key ids and counts, never key material.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigError, loadConfig } from '../config/config';
import { configureLogger } from '../common/json-logger';
import { SecretCrypto } from '../crypto/secret-crypto.service';
import { addActiveKeyToFile, keyFilePath } from '../crypto/server-keyring';
import { ServerKeyChecks } from '../crypto/server-key-checks';
import { FILE_CHECK_INTERVAL_MS, ServerKeyring } from '../crypto/server-keyring.service';
import { dataSourceOptions } from '../database/data-source';
import { ENTITIES } from '../entities';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { runningPostmaster } from '../database/postmaster';
import { TransactionRunner } from '../database/transaction';
import { KeyRotationRepository } from '../secrets/key-rotation.repository';
import {
  DEFAULT_BATCH_SIZE,
  KeyRotationService,
  MAX_BATCH_SIZE,
  RotationSummary,
} from '../secrets/key-rotation.service';

const USAGE = `Usage: npm run keys:rotate -- [--no-new-key] [--batch-size N]
  --no-new-key     keep the active key; only re-wrap rows still on older keys
  --batch-size N   rows per transaction (1-${MAX_BATCH_SIZE}, default ${DEFAULT_BATCH_SIZE})
Uses DATABASE_URL, else the embedded PostgreSQL of STRONGROOM_DATA_DIR (the running server's, if any).`;

class UsageError extends Error {}

export interface RotateArgs {
  newKey: boolean;
  batchSize: number;
}

export function parseArgs(argv: string[]): RotateArgs | 'help' {
  const args: RotateArgs = { newKey: true, batchSize: DEFAULT_BATCH_SIZE };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--no-new-key') {
      args.newKey = false;
      continue;
    }
    const inline = /^--batch-size=(.*)$/.exec(arg);
    if (arg === '--batch-size' || inline) {
      const raw = inline ? inline[1] : argv[++i];
      const size = Number(raw);
      if (!/^\d+$/.test(raw ?? '') || size < 1 || size > MAX_BATCH_SIZE) {
        throw new UsageError(`--batch-size must be a whole number from 1 to ${MAX_BATCH_SIZE}`);
      }
      args.batchSize = size;
      continue;
    }
    throw new UsageError(`Unknown option: ${arg}`);
  }
  return args;
}

interface Database {
  url: string;
  description: string;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL, else the data dir's embedded cluster: the running server's (found through its
 * postmaster.pid and pg-password), or started for this run when no server has it.
 */
export async function openDatabase(config: AppConfig): Promise<Database> {
  const none = () => Promise.resolve();
  if (config.databaseUrl) return { url: config.databaseUrl, description: 'DATABASE_URL', stop: none };
  const clusterDir = path.join(config.dataDir, 'pg');
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    throw new ConfigError(
      `No embedded PostgreSQL under ${clusterDir}: set DATABASE_URL, or STRONGROOM_DATA_DIR to the server's data dir`,
    );
  }
  const running = runningPostmaster(clusterDir);
  if (running) {
    const { pid, port } = running;
    const passwordFile = path.join(config.dataDir, 'pg-password');
    if (port <= 0 || !fs.existsSync(passwordFile)) {
      throw new ConfigError(
        `The embedded PostgreSQL under ${clusterDir} is in use (pid ${pid}) but its port or password cannot be ` +
          `found: pass DATABASE_URL=<the running server's database URL>, or stop the server first`,
      );
    }
    const password = fs.readFileSync(passwordFile, 'utf8').trim();
    return {
      url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
      description: `the running server's embedded PostgreSQL (port ${port})`,
      stop: none,
    };
  }
  const embedded = await startEmbeddedPostgres(config.dataDir);
  return {
    url: embedded.url,
    description: `the embedded PostgreSQL of ${config.dataDir}, started for this run (do not start the server until it ends)`,
    stop: () => embedded.stop(),
  };
}

export interface RotateOptions {
  /** How long to let running servers notice a new key in the file before re-wrapping. */
  pickupWaitMs?: number;
  passDelayMs?: number;
}

/** Activates the new key (key file only), then re-wraps; true when every SERVER_KEY row is on the active key. */
export async function rotateKeys(
  config: AppConfig,
  dataSource: DataSource,
  args: RotateArgs,
  out: (line: string) => void,
  options: RotateOptions = {},
): Promise<boolean> {
  const keyFile = keyFilePath(config.dataDir);
  if (!config.serverKeys && !fs.existsSync(keyFile)) {
    // Creating one here would make a keyring no server uses: the server's keys are elsewhere.
    throw new ConfigError(
      `No key file at ${keyFile}: if the server runs with STRONGROOM_SERVER_KEYS, set it for this command too; ` +
        "else set STRONGROOM_DATA_DIR to the server's data dir",
    );
  }
  const repository = new KeyRotationRepository(dataSource);
  if (!(await repository.hasSecretsTable())) {
    throw new ConfigError('The database has no secrets table: start the server once so it migrates the schema');
  }
  // The keyring must open what this database holds before anything is re-wrapped with it; a key's
  // check value is stored before any server can start using that key.
  const verifiedKeyring = async () => {
    const ring = new ServerKeyring(config);
    await new ServerKeyChecks(ring, dataSource).verify(ring.all());
    return ring;
  };
  await verifiedKeyring();
  if (config.serverKeys) {
    out(
      'STRONGROOM_SERVER_KEYS is set, so this command does not change keys; it only re-wraps onto the first key ' +
        'listed there. To rotate: put a new key first in STRONGROOM_SERVER_KEYS (old keys after it), restart ' +
        'the servers with it, and run this command with the same value.',
    );
  } else if (args.newKey) {
    const { added, keys } = addActiveKeyToFile(config.dataDir);
    const older = keys.filter((k) => k.id !== added.id).map((k) => k.id);
    out(`New server key ${added.id} is now active in ${keyFile}; older keys kept: ${older.join(', ') || 'none'}.`);
    await verifiedKeyring();
    const wait = options.pickupWaitMs ?? FILE_CHECK_INTERVAL_MS + 1000;
    if (wait > 0) {
      out(`Waiting ${Math.round(wait / 1000)} s for running servers to start using the new key...`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  const keyring = await verifiedKeyring();
  const service = new KeyRotationService(
    repository,
    new SecretCrypto(config, keyring),
    keyring,
    new TransactionRunner(dataSource),
  );
  const before = await service.census();
  out(`Active key: ${before.activeKeyId}. Server-key rows per key id: ${describeCounts(before.rowsByKeyId)}.`);
  out(`${before.toRewrap} row(s) to re-wrap, ${args.batchSize} per batch.`);
  const summary = await service.rotate({
    batchSize: args.batchSize,
    passDelayMs: options.passDelayMs,
    onBatch: (p) =>
      out(`  pass ${p.pass}: ${p.totalRewrapped} of ${before.toRewrap} re-wrapped, ${p.totalFailed} failed`),
  });
  printSummary(summary, config, out);
  return summary.complete && summary.failures.length === 0;
}

function describeCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? 'none' : entries.map(([id, n]) => `${id}: ${n}`).join(', ');
}

function printSummary(summary: RotationSummary, config: AppConfig, out: (line: string) => void): void {
  const total = Object.values(summary.rewrapped).reduce((a, b) => a + b, 0);
  out(`Re-wrapped ${total} row(s) onto ${summary.activeKeyId} (per old key id: ${describeCounts(summary.rewrapped)}).`);
  for (const f of summary.failures) out(`  FAILED secret ${f.secretId} (key ${f.keyId}): ${f.reason}`);
  const { after } = summary;
  if (after.unknownKeyIds.length > 0) {
    out(
      `Rows on key ids missing from the keyring, unreadable until that key is added back (after the active one): ` +
        after.unknownKeyIds.map((id) => `${id}: ${after.rowsByKeyId[id]}`).join(', '),
    );
  }
  if (after.toRewrap > 0) {
    out(
      `${after.toRewrap} row(s) are still on older keys (written or locked meanwhile): ` +
        'run `npm run keys:rotate -- --no-new-key` again.',
    );
  }
  if (summary.complete && summary.failures.length === 0) {
    const where = config.serverKeys ? 'STRONGROOM_SERVER_KEYS' : keyFilePath(config.dataDir);
    out(`Done: every server-key secret is on ${summary.activeKeyId}. Older keys may now be removed from ${where}.`);
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const config = loadConfig();
  configureLogger(config.logLevel);
  const out = (line: string) => process.stdout.write(line + '\n');
  const database = await openDatabase(config);
  // Ctrl-C: stop an embedded PostgreSQL started for this run before leaving (transactions in flight roll back).
  const interrupt = (signal: string) => {
    process.stderr.write(`${signal}: stopping; rows re-wrapped so far stay re-wrapped\n`);
    void database.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => interrupt('SIGINT'));
  process.once('SIGTERM', () => interrupt('SIGTERM'));
  try {
    out(`Database: ${database.description}.`);
    const dataSource = new DataSource(dataSourceOptions(database.url, ENTITIES));
    await dataSource.initialize();
    try {
      return (await rotateKeys(config, dataSource, args, out)) ? 0 : 1;
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await database.stop();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`${error.message}\n${USAGE}\n`);
        process.exit(2);
      }
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`Key rotation failed: ${message}\n`);
      process.exit(error instanceof ConfigError ? 2 : 1);
    },
  );
}
