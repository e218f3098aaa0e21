/**
 * Moving from Concord: `npm run import:concord -- --from postgres://... --server-password-file F
 * [--secret-store-salt-file F] [--org NAME]... [--dry-run]`. Reads Concord's database and writes
 * into Strongroom's (DATABASE_URL, else the data dir's embedded PostgreSQL), sealing server-key
 * secrets under the active server key exactly as the server would. Prints names, ids and counts,
 * never a value, a password or a key.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log.service';
import { configureLogger } from '../common/json-logger';
import { ConfigError, loadConfig } from '../config/config';
import { ConcordImporter } from '../concord-import/concord-importer';
import { ImportAborted } from '../concord-import/concord-schema';
import type { ConcordKeys } from '../concord-import/concord-secret-plan';
import { ConcordSource } from '../concord-import/concord-source';
import { SecretCrypto } from '../crypto/secret-crypto.service';
import { ServerKeyChecks } from '../crypto/server-key-checks';
import { keyFilePath } from '../crypto/server-keyring';
import { ServerKeyring } from '../crypto/server-keyring.service';
import { dataSourceOptions } from '../database/data-source';
import { ENTITIES } from '../entities';
import { PreparedQueries } from '../database/prepared-queries';
import { Metrics } from '../metrics/metrics.service';
import { openDatabase } from './rotate-keys';

const USAGE = `Usage: npm run import:concord -- --from <postgres URL of Concord's database>
         --server-password-file <file> [--secret-store-salt-file <file>] [--org <name>]... [--dry-run]
  --from URL                   Concord's main database, read in one read-only transaction
  --server-password-file F     holds Concord's secretStore.serverPassword (base64, as in its configuration)
  --secret-store-salt-file F   holds its secretStore.secretStoreSalt (base64); needed only for secrets
                               stored before Concord kept a salt per secret
  --org NAME                   import only this org and the users it refers to (repeatable)
  --dry-run                    do everything but commit, and print what would change
Writes into DATABASE_URL, else the embedded PostgreSQL of STRONGROOM_DATA_DIR, with the server's keyring
(STRONGROOM_SERVER_KEYS, else <data dir>/server-keys). Exit status: 0 done, 1 an org failed (rolled
back; see the report), 2 nothing written (a usage, configuration or connection problem).`;

class UsageError extends Error {}

export interface ImportArgs {
  from: string;
  serverPasswordFile: string;
  storeSaltFile?: string;
  orgs: string[];
  dryRun: boolean;
}

export function parseArgs(argv: string[]): ImportArgs | 'help' {
  const args: Partial<ImportArgs> & { orgs: string[]; dryRun: boolean } = { orgs: [], dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--dry-run') {
      args.dryRun = true;
      continue;
    }
    const match = /^(--[a-z-]+)(?:=(.*))?$/s.exec(arg);
    const flag = match?.[1];
    const value = () => {
      const v = match?.[2] ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag ?? arg) {
      case '--from':
        args.from = value();
        break;
      case '--server-password-file':
        args.serverPasswordFile = value();
        break;
      case '--secret-store-salt-file':
        args.storeSaltFile = value();
        break;
      case '--org':
        args.orgs.push(value());
        break;
      default:
        throw new UsageError(`Unknown option: ${arg}`);
    }
  }
  if (!args.from) throw new UsageError('--from is required');
  if (!/^postgres(ql)?:\/\//.test(args.from)) throw new UsageError('--from must be a postgres:// URL');
  if (!args.serverPasswordFile) throw new UsageError('--server-password-file is required');
  return args as ImportArgs;
}

/** A file holding one base64 value; the messages name the file and the setting, never the content. */
function readBase64File(file: string, flag: string, setting: string): Buffer {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new ImportAborted(`${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const bytes = Buffer.from(text, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || bytes.length === 0) {
    throw new ImportAborted(`${flag}: ${file} must hold Concord's ${setting} as its configuration has it (base64)`);
  }
  return bytes;
}

function readKeys(args: ImportArgs): ConcordKeys {
  return {
    serverPassword: readBase64File(args.serverPasswordFile, '--server-password-file', 'secretStore.serverPassword'),
    storeSalt: args.storeSaltFile
      ? readBase64File(args.storeSaltFile, '--secret-store-salt-file', 'secretStore.secretStoreSalt')
      : undefined,
  };
}

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const STDIO: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** The command; returns its exit status (tests call it in-process). */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, io: Io = STDIO): Promise<number> {
  let args: ImportArgs | 'help';
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    io.out(USAGE);
    return 0;
  }
  try {
    return await run(args, env, io);
  } catch (error) {
    if (error instanceof ImportAborted || error instanceof ConfigError) {
      io.err(`Import from Concord stopped, nothing was written: ${error.message}`);
      return 2;
    }
    io.err(`Import from Concord failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function run(args: ImportArgs, env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const keys = readKeys(args);
  const config = loadConfig(env);
  configureLogger(config.logLevel);
  if (!config.serverKeys && !fs.existsSync(keyFilePath(config.dataDir))) {
    throw new ConfigError(
      `No key file at ${keyFilePath(config.dataDir)}: start the server once (it creates its keys), or set ` +
        'STRONGROOM_SERVER_KEYS (or STRONGROOM_DATA_DIR) as the server has it',
    );
  }
  const source = await ConcordSource.open(args.from);
  try {
    const database = await openDatabase(config);
    try {
      io.out(`Strongroom database: ${database.description}.`);
      const dataSource = new DataSource(dataSourceOptions(database.url, ENTITIES));
      await dataSource.initialize();
      try {
        if (await dataSource.showMigrations()) {
          throw new ImportAborted(
            `Strongroom's database (${database.description}) is not at this version's schema: start the server ` +
              'once (it migrates at start), then run the import again',
          );
        }
        // Seal only under keys this database's key checks accept (the server refuses anything else).
        const keyring = new ServerKeyring(config);
        await new ServerKeyChecks(keyring, dataSource).verify(keyring.all());
        const crypto = new SecretCrypto(config, keyring);
        const audit = new AuditLog(new PreparedQueries(dataSource), new Metrics(config));
        const importer = new ConcordImporter(
          source,
          dataSource,
          crypto,
          audit,
          { orgNames: args.orgs, dryRun: args.dryRun, keys },
          (line) => io.out(line),
        );
        const report = await importer.run();
        for (const line of report.lines()) io.out(line);
        return report.failed ? 1 : 0;
      } finally {
        await dataSource.destroy();
      }
    } finally {
      await database.stop();
    }
  } finally {
    await source.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`Import from Concord failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
