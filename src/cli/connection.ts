import type { Connection } from './api-client';
import { usageError } from './exit-codes';
import { DEFAULT_PROFILE, checkProfileName, configPath, readProfiles } from './profiles';

/**
 * Which server and key a command uses. `--profile NAME` means exactly that profile. Without it,
 * `STRONGROOM_URL` and `STRONGROOM_API_KEY` win, each falling back to the profile named by
 * `STRONGROOM_PROFILE` (default: `default`).
 */
export function resolveConnection(profileFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): Connection {
  const file = configPath(env);
  if (profileFlag !== undefined) {
    const profile = readProfiles(file)[checkProfileName(profileFlag)];
    if (!profile) throw noProfile(profileFlag, file);
    return { url: checkUrl(profile.url), apiKey: profile.apiKey, source: `profile '${profileFlag}' (${file})` };
  }
  const named = env.STRONGROOM_PROFILE ? checkProfileName(env.STRONGROOM_PROFILE) : undefined;
  const needsProfile = !env.STRONGROOM_URL || !env.STRONGROOM_API_KEY;
  const name = named ?? DEFAULT_PROFILE;
  const profile = needsProfile || named ? readProfiles(file)[name] : undefined;
  if (named && !profile) throw noProfile(named, file);
  const url = env.STRONGROOM_URL || profile?.url;
  const apiKey = env.STRONGROOM_API_KEY || profile?.apiKey;
  if (!url || !apiKey) {
    throw usageError(
      'no server configured: set STRONGROOM_URL and STRONGROOM_API_KEY, or run `strongroom login --url URL`',
    );
  }
  const fromEnv = [env.STRONGROOM_URL && 'STRONGROOM_URL', env.STRONGROOM_API_KEY && 'STRONGROOM_API_KEY'];
  const envPart = fromEnv.filter(Boolean).join(' and ');
  const profilePart = profile && (!env.STRONGROOM_URL || !env.STRONGROOM_API_KEY) ? `profile '${name}' (${file})` : '';
  return { url: checkUrl(url), apiKey, source: [envPart, profilePart].filter(Boolean).join(' + ') };
}

export function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usageError(`'${raw}' is not a URL (expected http://host:port or https://host)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`'${raw}' is not an http or https URL`);
  }
  return raw.replace(/\/+$/, '');
}

function noProfile(name: string, file: string) {
  return usageError(`no profile '${name}' in ${file}: run \`strongroom login --url URL --profile ${name}\``);
}
