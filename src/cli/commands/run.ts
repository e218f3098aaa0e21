import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import type { SecretPayload } from '../../crypto/secret-payload';
import type { ApiClient } from '../api-client';
import { apiFor, collect, withProfile } from '../context';
import { CliError, EXIT, usageError } from '../exit-codes';
import { VariableMapping, parseMapping, refText } from '../refs';
import { asText, pickField, readSecret } from '../secret-values';

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

/**
 * `run`: the command runs with the secrets in its environment (`--env`) or in 0600 files in a
 * private temporary directory (`--file`), removed when it ends, also on Ctrl-C. Its exit code is
 * the CLI's; a command killed by a signal gives 128 + the signal's number, as shells report it.
 */
export function registerRunCommand(program: Command): void {
  withProfile(
    program
      .command('run')
      .description('run a command with secrets in its environment or in temporary files')
      .usage('[options] -- <command> [args...]')
      .argument('<command...>', 'the command and its arguments (after --)')
      .option('--env <VAR=ORG/NAME[:field]>', 'set VAR to the value (UTF-8 text); repeatable', collect)
      .option(
        '--file <VAR=ORG/NAME[:field]>',
        'write the value to a 0600 file, set VAR to its path; repeatable',
        collect,
      )
      .passThroughOptions(),
  ).action(async (argv: string[], opts: { env?: string[]; file?: string[] }, command: Command) => {
    const envMappings = (opts.env ?? []).map((m) => parseMapping(m, '--env'));
    const fileMappings = (opts.file ?? []).map((m) => parseMapping(m, '--file'));
    checkDistinct([...envMappings, ...fileMappings]);
    const payloads = await fetchAll(apiFor(command), [...envMappings, ...fileMappings]);

    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const { variable, ref } of envMappings) {
      const text = asText(pickField(ref, payloads.get(refText(ref)) as SecretPayload));
      if (text === undefined) {
        throw new CliError(
          EXIT.failure,
          `${refText(ref)}: the value is not UTF-8 text, so it cannot be a variable: use --file`,
        );
      }
      env[variable] = text;
    }
    const files = fileMappings.map(({ variable, ref }) => ({
      variable,
      bytes: pickField(ref, payloads.get(refText(ref)) as SecretPayload),
    }));
    payloads.clear();
    process.exitCode = await runWithFiles(argv, env, files);
  });
}

function checkDistinct(mappings: VariableMapping[]): void {
  const seen = new Set<string>();
  for (const { variable } of mappings) {
    if (seen.has(variable)) throw usageError(`${variable} is set twice`);
    seen.add(variable);
  }
}

/** Each secret once, however many variables use it; all fetched before anything runs. */
async function fetchAll(api: ApiClient, mappings: VariableMapping[]): Promise<Map<string, SecretPayload>> {
  const payloads = new Map<string, SecretPayload>();
  for (const { ref } of mappings) {
    const key = refText(ref);
    if (!payloads.has(key)) payloads.set(key, await readSecret(api, ref));
  }
  return payloads;
}

/**
 * Writes the files, runs the command, and removes the directory however it ends. The signals a
 * terminal or a CI runner sends are passed on to the command; the CLI waits for it to finish.
 */
async function runWithFiles(
  argv: string[],
  env: NodeJS.ProcessEnv,
  files: { variable: string; bytes: Buffer }[],
): Promise<number> {
  let dir: string | undefined;
  const cleanup = () => {
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  };
  let child: ReturnType<typeof spawn> | undefined;
  let pendingSignal: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    else pendingSignal ??= signal;
  };
  for (const signal of FORWARDED) process.on(signal, onSignal);
  process.on('exit', cleanup);
  try {
    if (files.length > 0) {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-run-'));
      for (const { variable, bytes } of files) {
        const file = path.join(dir, variable);
        fs.writeFileSync(file, bytes, { mode: 0o600, flag: 'wx' });
        env[variable] = file;
      }
    }
    if (pendingSignal) return 128 + os.constants.signals[pendingSignal];
    child = spawn(argv[0], argv.slice(1), { stdio: 'inherit', env });
    const started = child;
    return await new Promise<number>((resolve) => {
      started.once('error', (error: NodeJS.ErrnoException) => {
        const code = error.code === 'ENOENT' ? 127 : 126;
        const reason = error.code === 'ENOENT' ? 'command not found' : (error.code ?? 'cannot start it');
        process.stderr.write(`strongroom: ${argv[0]}: ${reason}\n`);
        resolve(code);
      });
      started.once('exit', (code, signal) => {
        resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0));
      });
    });
  } finally {
    cleanup();
    for (const signal of FORWARDED) process.removeListener(signal, onSignal);
    process.removeListener('exit', cleanup);
  }
}
