import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerAuthCommands } from './commands/auth';
import { registerExportCommand } from './commands/export';
import { registerImportCommand } from './commands/import';
import { registerMetronomeCommands } from './commands/metronome';
import { registerRunCommand } from './commands/run';
import { registerSecretReadCommands } from './commands/secret-read';
import { registerSecretWriteCommands } from './commands/secret-write';
import { withProfile } from './context';
import { CliError, EXIT } from './exit-codes';

const EXIT_CODES_HELP = `
Connection: STRONGROOM_URL and STRONGROOM_API_KEY, or a profile saved by \`strongroom login\`.
Exit codes: 0 ok, 2 usage, 3 not found, 4 denied, 5 locked or rate-limited, 1 anything else;
\`run\` exits with its command's code.`;

/** The whole command tree. Subcommands inherit exitOverride, so every parse error reaches `exitCodeOf`. */
export function buildProgram(): Command {
  const program = withProfile(
    new Command('strongroom')
      .description("Strongroom's command line: secrets for people, flows and CI")
      .version(packageVersion())
      .enablePositionalOptions()
      .exitOverride()
      .showHelpAfterError('(add --help for usage)')
      .addHelpText('after', EXIT_CODES_HELP),
  );
  registerAuthCommands(program);
  const secret = program.command('secret').description('list, read, create and delete secrets');
  registerSecretReadCommands(secret);
  registerSecretWriteCommands(secret);
  registerRunCommand(program);
  registerExportCommand(program);
  registerImportCommand(program);
  registerMetronomeCommands(program);
  return program;
}

/** Help and version exit 0; any other parse problem is a usage error (2), reported by commander itself. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof CliError) {
    process.stderr.write(`strongroom: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`strongroom: unexpected error: ${message}\n`);
  return EXIT.failure;
}

function packageVersion(): string {
  // Compiled to dist-cli/src/cli/, three levels below the package root.
  const file = path.resolve(__dirname, '..', '..', '..', 'package.json');
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
