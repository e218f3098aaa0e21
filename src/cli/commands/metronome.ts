import type { Command } from 'commander';
import { orgPath } from '../api-client';
import { apiFor, emit, emitJson, note, withProfile } from '../context';
import { formatDotenv } from '../dotenv';
import { parseJson, readInputFile, writePrivateFile } from '../files';
import { StdinSource } from '../stdin';

interface Resolved {
  env: Record<string, string>;
  files: { containerPath: string; data: string; mode: string }[];
}

/**
 * `metronome resolve`: a Metronome job definition's secret references, resolved by the server
 * (`secret-refs/resolve`) with the caller's rights. Prints the variables as dotenv lines and the
 * files as comments, or (`--json`) the server's map; `--env-file` writes the variables to a 0600
 * file instead of printing them.
 */
export function registerMetronomeCommands(program: Command): void {
  const metronome = program.command('metronome').description('Metronome-style job secret references');
  withProfile(
    metronome
      .command('resolve')
      .description("resolve a job definition's secret references into variables and files")
      .argument('<org>', 'the organization a bare source name refers to')
      .argument('<job.json>', "the job definition, or its run object ('-' for stdin)")
      .option('--env-file <file>', 'write the variables to this dotenv file (mode 0600) instead of printing them')
      .option('--json', 'print the map {env, files} as JSON (with --env-file: {envFile, files})'),
  ).action(async (org: string, jobFile: string, opts: { envFile?: string; json?: boolean }, command: Command) => {
    const job = parseJson(
      (jobFile === '-' ? await new StdinSource().rest('the job') : readInputFile(jobFile)).toString('utf8'),
      jobFile,
    );
    const resolved = await apiFor(command).json<Resolved>('POST', orgPath('v1', org, 'secret-refs', 'resolve'), {
      json: job,
      subject: `${jobFile} in ${org}`,
    });
    const variables = Object.entries(resolved.env).sort(([a], [b]) => a.localeCompare(b));
    if (opts.envFile !== undefined) {
      writePrivateFile(opts.envFile, formatDotenv(variables));
      if (opts.json) return emitJson({ envFile: opts.envFile, files: resolved.files });
      const files = resolved.files.map((f) => `${f.containerPath} (${fileSize(f.data)} bytes)`).join(', ');
      return note(
        `Wrote ${variables.length} variable(s) to ${opts.envFile} (mode 0600)${files ? `; files: ${files}` : ''}`,
      );
    }
    if (opts.json) return emitJson(resolved);
    const comments = resolved.files.map((f) => `# file ${f.containerPath}: ${fileSize(f.data)} bytes, ${f.mode}\n`);
    emit(formatDotenv(variables) + comments.join(''));
  });
}

function fileSize(base64: string): number {
  return Buffer.from(base64, 'base64').length;
}
