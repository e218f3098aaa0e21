import type { Command } from 'commander';
import { ApiClient, ApiError, orgPath } from '../api-client';
import { apiFor, emitJson, note, withProfile } from '../context';
import { parseDotenv } from '../dotenv';
import { parseJson, readInputFile } from '../files';
import { CliError, EXIT } from '../exit-codes';
import { SecretEntry, listSecrets } from '../secret-values';
import { StdinSource } from '../stdin';
import { FileFormat, parseFormat } from './export';
import { parseVisibility } from './secret-write';

interface ImportOptions {
  format?: string;
  visibility?: string;
  project?: string;
  update?: boolean;
  json?: boolean;
}

interface Report {
  created: string[];
  updated: string[];
  failed: { name: string; error: string }[];
}

/**
 * `import`: one DATA secret per entry, one request each (create, or with `--update` update an
 * existing DATA secret), then a report. Any failed entry makes the exit code 1; a refused key or
 * an unreachable server stops the import at once.
 */
export function registerImportCommand(program: Command): void {
  withProfile(
    program
      .command('import')
      .description('create (or update) one DATA secret per entry of a dotenv or JSON file')
      .argument('<org>', 'organization')
      .argument('<file>', "dotenv or JSON file ('-' for stdin); dotenv keys become secret names as they are")
      .option('--format <format>', 'dotenv or json ({"name": "value"})')
      .option('--visibility <visibility>', 'public or private for the secrets written')
      .option('--project <name>', 'link the secrets written to this project')
      .option('--update', 'update secrets that already exist (DATA secrets only) instead of failing them')
      .option('--json', 'print the report {created, updated, failed} as JSON'),
  ).action(async (org: string, file: string, opts: ImportOptions, command: Command) => {
    const format = parseFormat(opts.format);
    const visibility = opts.visibility === undefined ? undefined : parseVisibility(opts.visibility);
    const entries = readEntries(
      file === '-' ? await new StdinSource().rest('the entries') : readInputFile(file),
      file,
      format,
    );
    const api = apiFor(command);
    const existing = new Map<string, SecretEntry>();
    if (opts.update) for (const e of await listSecrets(api, org)) existing.set(e.name, e);
    const report: Report = { created: [], updated: [], failed: [] };
    for (const [name, value] of entries) {
      const current = existing.get(name);
      try {
        if (current && current.type !== 'DATA') {
          throw new CliError(EXIT.failure, `it is a ${current.type} secret; import updates only DATA secrets`);
        }
        await write(api, org, name, value, { visibility, project: opts.project, update: current !== undefined });
        (current ? report.updated : report.created).push(name);
        if (!opts.json) note(`${current ? 'Updated' : 'Created'} ${org}/${name}`);
      } catch (error) {
        if (isFatal(error)) throw error;
        const message = error instanceof ApiError ? error.serverMessage : (error as Error).message;
        report.failed.push({ name, error: message });
        if (!opts.json) note(`Failed ${org}/${name}: ${message}`);
      }
    }
    if (opts.json) emitJson(report);
    note(`${report.created.length} created, ${report.updated.length} updated, ${report.failed.length} failed`);
    if (report.failed.length > 0) process.exitCode = EXIT.failure;
  });
}

function isFatal(error: unknown): boolean {
  if (error instanceof ApiError) return error.status === 401;
  return !(error instanceof CliError);
}

async function write(
  api: ApiClient,
  org: string,
  name: string,
  value: string,
  how: { visibility?: string; project?: string; update: boolean },
): Promise<void> {
  const form = new FormData();
  if (!how.update) form.append('name', name);
  form.append('type', 'data');
  form.append('data', new Blob([Buffer.from(value, 'utf8')]), 'data');
  if (how.visibility !== undefined) form.append('visibility', how.visibility);
  if (how.project !== undefined) form.append('projects', how.project);
  const path = how.update ? orgPath('v2', org, 'secret', name) : orgPath('v1', org, 'secret');
  await api.send('POST', path, { form, subject: `${org}/${name}` });
}

/** Entries in file order; a name given twice is refused (which one was meant?). Errors never quote values. */
function readEntries(bytes: Buffer, source: string, format: FileFormat): [string, string][] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(EXIT.failure, `${source} is not UTF-8 text`);
  }
  const entries = format === 'dotenv' ? parseDotenv(text, source) : parseJsonEntries(text, source);
  const seen = new Set<string>();
  for (const [name] of entries) {
    if (seen.has(name)) throw new CliError(EXIT.failure, `${source}: '${name}' appears twice`);
    seen.add(name);
  }
  return entries;
}

function parseJsonEntries(text: string, source: string): [string, string][] {
  const body = parseJson(text, source);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new CliError(EXIT.failure, `${source}: expected a JSON object {"name": "value", ...}`);
  }
  return Object.entries(body).map(([name, value]) => {
    if (typeof value !== 'string')
      throw new CliError(EXIT.failure, `${source}: the value of '${name}' is not a string`);
    return [name, value];
  });
}
