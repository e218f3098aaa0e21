import type { Command } from 'commander';
import { ApiClient } from './api-client';
import { resolveConnection } from './connection';
import { writePrivateFile } from './files';

const PROFILE_HELP = 'use this saved profile instead of STRONGROOM_URL/STRONGROOM_API_KEY (see `strongroom login`)';

/** Every command that talks to the server takes `--profile NAME` (after the command as well as before it). */
export function withProfile(command: Command): Command {
  return command.option('--profile <name>', PROFILE_HELP);
}

/** The nearest `--profile` given: on the command itself, else on a parent (`strongroom --profile x ...`). */
export function profileOf(command: Command): string | undefined {
  for (let c: Command | null = command; c; c = c.parent) {
    const profile = c.opts<{ profile?: string }>().profile;
    if (profile !== undefined) return profile;
  }
  return undefined;
}

export function apiFor(command: Command): ApiClient {
  return new ApiClient(resolveConnection(profileOf(command)));
}

/** Data goes to stdout (or a 0600 file); messages for people go to stderr. */
export function emit(bytes: Buffer | string, file?: string): void {
  if (file !== undefined) writePrivateFile(file, bytes);
  else process.stdout.write(bytes);
}

export function emitJson(value: unknown, file?: string): void {
  emit(`${JSON.stringify(value, null, 2)}\n`, file);
}

export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Commander's accumulator for repeatable options. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
