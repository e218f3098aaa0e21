import type { Command } from 'commander';
import { ApiClient, ApiError, orgPath } from '../api-client';
import { apiFor, emit, note, withProfile } from '../context';
import { dotenvKey, formatDotenv } from '../dotenv';
import { CliError, EXIT, usageError } from '../exit-codes';
import { refText } from '../refs';
import { ProjectScopeError, SecretEntry, asText, listSecrets, readSecret } from '../secret-values';

export type FileFormat = 'dotenv' | 'json';

interface ExportOptions {
  project?: string;
  format?: string;
  json?: boolean;
  output?: string;
}

/**
 * `export`: every secret of the org (or of one project) that the caller can read and that has a
 * text value, as dotenv or JSON. Password-protected, non-DATA, binary and unreadable secrets are
 * skipped with a note on stderr; with `--project`, a key that may not read the project's secrets
 * stops the export instead.
 */
export function registerExportCommand(program: Command): void {
  withProfile(
    program
      .command('export')
      .description('print the text values of the secrets you can read, as dotenv or JSON')
      .argument('<org>', 'organization')
      .option('--project <name>', 'only the secrets linked to this project (needs a key bound to it)')
      .option('--format <format>', 'dotenv (keys derived from the names) or json ({"name": "value"})')
      .option('--json', 'the same as --format json')
      .option('-o, --output <file>', 'write to this file (created with mode 0600) instead of stdout'),
  ).action(async (org: string, opts: ExportOptions, command: Command) => {
    const format = exportFormat(opts);
    const api = apiFor(command);
    if (opts.project !== undefined) await checkProject(api, org, opts.project);
    const entries = (await listSecrets(api, org)).filter(
      (e) => opts.project === undefined || e.projects.some((p) => p.name === opts.project),
    );
    const values: [string, string][] = [];
    for (const entry of entries) {
      const value = await exportable(api, org, entry, opts.project !== undefined);
      if (value !== undefined) values.push([entry.name, value]);
    }
    values.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    emit(
      format === 'json' ? `${JSON.stringify(Object.fromEntries(values), null, 2)}\n` : toDotenv(org, values),
      opts.output,
    );
    const skipped = entries.length - values.length;
    note(`Exported ${values.length} secret(s) of ${org}${skipped > 0 ? `, skipped ${skipped}` : ''}`);
  });
}

export function parseFormat(raw: string | undefined): FileFormat {
  if (raw === 'dotenv' || raw === 'json') return raw;
  throw usageError(
    raw === undefined ? '--format dotenv|json is required' : `--format '${raw}': expected dotenv or json`,
  );
}

function exportFormat(opts: ExportOptions): FileFormat {
  if (opts.json && opts.format !== undefined && opts.format !== 'json') {
    throw usageError('--json means --format json');
  }
  return opts.json ? 'json' : parseFormat(opts.format);
}

async function checkProject(api: ApiClient, org: string, project: string): Promise<void> {
  await api.send('GET', orgPath('v1', org, 'project', project), { subject: `${org}/${project} (project)` });
}

/** The text value, or undefined (with a note saying why) for a secret that is skipped. */
async function exportable(api: ApiClient, org: string, entry: SecretEntry, strict: boolean) {
  const ref = { org, name: entry.name };
  const skip = (why: string) => note(`Skipped ${refText(ref)}: ${why}`);
  if (entry.encryptedBy === 'PASSWORD') return skip('it is protected by a store password');
  if (entry.type !== 'DATA') return skip(`a ${entry.type} secret has no single text value`);
  let payload;
  try {
    payload = await readSecret(api, ref);
  } catch (error) {
    // Another key may read what this one may not: skip it. With --project the point is the project's
    // secrets, so a key not bound to it stops the export. A refused key (401) always stops it.
    const skippable = error instanceof ApiError && (error.status === 403 || error.status === 404);
    if (!skippable && !(error instanceof ProjectScopeError && !strict)) throw error;
    return note(`Skipped ${(error as Error).message}`);
  }
  const text = payload.type === 'DATA' ? asText(payload.data) : undefined;
  if (text === undefined) return skip('the value is not UTF-8 text');
  return text;
}

/** Two names that derive the same key would overwrite each other: refuse rather than drop one. */
function toDotenv(org: string, values: [string, string][]): string {
  const owner = new Map<string, string>();
  for (const [name] of values) {
    const key = dotenvKey(name);
    const other = owner.get(key);
    if (other !== undefined) {
      throw new CliError(
        EXIT.failure,
        `${org}/${other} and ${org}/${name} both become ${key} in dotenv: use --format json, or rename one`,
      );
    }
    owner.set(key, name);
  }
  const entries = values.map(([name, value]): [string, string] => [dotenvKey(name), value]);
  return formatDotenv(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
