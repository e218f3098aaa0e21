import type { Command } from 'commander';
import { ApiClient } from '../api-client';
import { checkUrl } from '../connection';
import { apiFor, emit, emitJson, note, profileOf, withProfile } from '../context';
import { usageError } from '../exit-codes';
import { DEFAULT_PROFILE, checkProfileName, configPath, readProfiles, writeProfiles } from '../profiles';
import { StdinSource, promptHidden } from '../stdin';

interface Whoami {
  username: string;
  displayName: string;
  realm: string;
  userDomain?: string;
  orgs?: { name: string }[];
}

interface UserInfo {
  teams?: { orgName: string; teamName: string; role: string }[];
  roles?: string[];
}

/** login, logout, whoami and profile list: where the CLI connects, and as whom. */
export function registerAuthCommands(program: Command): void {
  program
    .command('login')
    .description('check an API key against a server and save both as a profile (file mode 0600)')
    .requiredOption('--url <url>', 'the server, e.g. https://strongroom.example.com')
    .option('--api-key-stdin', 'read the API key from stdin instead of asking for it')
    .option('--profile <name>', `save as this profile (default: ${DEFAULT_PROFILE})`)
    .action(async (opts: { url: string; apiKeyStdin?: boolean }, command: Command) => {
      const url = checkUrl(opts.url);
      const name = checkProfileName(profileOf(command) ?? DEFAULT_PROFILE);
      const apiKey = opts.apiKeyStdin
        ? await new StdinSource().line('the API key')
        : await promptHidden(`API key for ${url}: `);
      if (!apiKey.trim()) throw usageError('the API key is empty');
      const api = new ApiClient({ url, apiKey: apiKey.trim(), source: 'login' });
      const who = await api.json<Whoami>('GET', '/api/service/console/whoami', { subject: url });
      const file = configPath();
      writeProfiles({ ...readProfiles(file), [name]: { url, apiKey: apiKey.trim() } }, file);
      note(`Logged in to ${url} as ${who.username}; saved as profile '${name}' in ${file}`);
    });

  program
    .command('logout')
    .description('forget a saved profile (its key stays valid on the server)')
    .option('--profile <name>', `the profile to forget (default: $STRONGROOM_PROFILE or ${DEFAULT_PROFILE})`)
    .action((_opts: unknown, command: Command) => {
      const name = checkProfileName(profileOf(command) ?? process.env.STRONGROOM_PROFILE ?? DEFAULT_PROFILE);
      const file = configPath();
      const profiles = readProfiles(file);
      if (!profiles[name]) throw usageError(`no profile '${name}' in ${file}`);
      delete profiles[name];
      writeProfiles(profiles, file);
      note(`Removed profile '${name}' from ${file}`);
    });

  withProfile(
    program
      .command('whoami')
      .description('the user the API key belongs to, and where the connection settings came from')
      .option('--json', 'print JSON'),
  ).action(async (opts: { json?: boolean }, command: Command) => {
    const api = apiFor(command);
    const subject = api.connection.url;
    const who = await api.json<Whoami>('GET', '/api/service/console/whoami', { subject });
    const info = await api.json<UserInfo>('GET', '/api/service/console/userInfo', { subject });
    const result = {
      url: api.connection.url,
      source: api.connection.source,
      username: who.username,
      displayName: who.displayName,
      realm: who.realm,
      ...(who.userDomain ? { userDomain: who.userDomain } : {}),
      orgs: (who.orgs ?? []).map((o) => o.name),
      roles: info.roles ?? [],
      teams: info.teams ?? [],
    };
    if (opts.json) return emitJson(result);
    const lines = [
      `${result.username} (${result.realm}) on ${result.url}`,
      `  orgs:  ${result.orgs.join(', ') || '-'}`,
      `  roles: ${result.roles.join(', ') || '-'}`,
      `  from:  ${result.source}`,
    ];
    emit(`${lines.join('\n')}\n`);
  });

  const profile = program.command('profile').description('saved connection profiles');
  profile
    .command('list')
    .description('the saved profiles (names and URLs, never keys)')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const profiles = Object.entries(readProfiles()).map(([name, p]) => ({ name, url: p.url }));
      if (opts.json) return emitJson(profiles);
      if (profiles.length === 0) return note(`No profiles in ${configPath()}: run \`strongroom login --url URL\``);
      emit(profiles.map((p) => `${p.name}\t${p.url}\n`).join(''));
    });
}
