import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError, EXIT, usageError } from './exit-codes';
import { writePrivateFile } from './files';

export interface Profile {
  url: string;
  apiKey: string;
}

interface ConfigFile {
  profiles: Record<string, Profile>;
}

export const DEFAULT_PROFILE = 'default';
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** `$XDG_CONFIG_HOME/strongroom/config.json`, or `~/.config/strongroom/config.json`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.config');
  return path.join(base, 'strongroom', 'config.json');
}

export function checkProfileName(name: string): string {
  if (!PROFILE_NAME.test(name)) {
    throw usageError(`invalid profile name '${name}': letters, digits, '.', '_' and '-', at most 64`);
  }
  return name;
}

/** The profiles in the config file; none when there is no file yet. */
export function readProfiles(file = configPath()): Record<string, Profile> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(EXIT.failure, `cannot read ${file}: ${(error as Error).message}`);
  }
  warnIfShared(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(EXIT.failure, `${file} is not valid JSON: fix it, or remove it and log in again`);
  }
  const profiles = (parsed as Partial<ConfigFile> | null)?.profiles;
  if (typeof profiles !== 'object' || profiles === null) return {};
  const valid: Record<string, Profile> = {};
  for (const [name, p] of Object.entries(profiles)) {
    if (typeof p?.url === 'string' && typeof p?.apiKey === 'string') valid[name] = { url: p.url, apiKey: p.apiKey };
  }
  return valid;
}

/** Rewrites the whole file, mode 0600, in a directory of mode 0700. */
export function writeProfiles(profiles: Record<string, Profile>, file = configPath()): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const body: ConfigFile = { profiles };
  writePrivateFile(file, `${JSON.stringify(body, null, 2)}\n`);
}

/** The file holds API keys: say so when others can read it (as ssh does for its keys). */
function warnIfShared(file: string): void {
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    process.stderr.write(
      `strongroom: warning: ${file} is readable by other users (mode ${mode.toString(8)}): run chmod 600 ${file}\n`,
    );
  }
}
