import type { Command } from 'commander';
import { orgPath } from '../api-client';
import { apiFor, collect, emit, emitJson, note, withProfile } from '../context';
import { usageError } from '../exit-codes';
import { readInputFile } from '../files';
import { parseSecretRef, refText } from '../refs';
import { StdinSource, promptHidden } from '../stdin';

interface CreateOptions {
  type: string;
  valueStdin?: boolean;
  valueFile?: string;
  username?: string;
  passwordStdin?: boolean;
  publicKeyFile?: string;
  privateKeyFile?: string;
  generate?: boolean;
  keyAlgorithm?: string;
  visibility?: string;
  project?: string[];
  storePasswordStdin?: boolean;
  generatePassword?: boolean;
  json?: boolean;
}

type SecretKind = 'data' | 'username_password' | 'key_pair';

/** The flags that carry a value, and the one type each belongs to. */
const VALUE_FLAGS: Record<string, { kind: SecretKind; flag: string }> = {
  valueStdin: { kind: 'data', flag: '--value-stdin' },
  valueFile: { kind: 'data', flag: '--value-file' },
  username: { kind: 'username_password', flag: '--username' },
  passwordStdin: { kind: 'username_password', flag: '--password-stdin' },
  publicKeyFile: { kind: 'key_pair', flag: '--public-key-file' },
  privateKeyFile: { kind: 'key_pair', flag: '--private-key-file' },
  generate: { kind: 'key_pair', flag: '--generate' },
  keyAlgorithm: { kind: 'key_pair', flag: '--key-algorithm' },
};

interface CreateAnswer {
  id: string;
  result: string;
  password?: string;
  publicKey?: string;
}

/** `secret create` and `secret delete`. */
export function registerSecretWriteCommands(secret: Command): void {
  withProfile(
    secret
      .command('create')
      .description('create a secret (a store password, when given, comes first on stdin)')
      .argument('<org/name>', 'the new secret')
      .requiredOption('--type <type>', 'data, username_password or key_pair')
      .option('--value-stdin', 'data: the value is stdin, byte for byte (mind a trailing newline)')
      .option('--value-file <file>', 'data: the value is this file, byte for byte')
      .option('--username <username>', 'username_password: the username')
      .option('--password-stdin', 'username_password: the password is the next line of stdin')
      .option('--public-key-file <file>', 'key_pair: OpenSSH public key file (with --private-key-file)')
      .option('--private-key-file <file>', 'key_pair: the matching private key file')
      .option('--generate', 'key_pair: the server generates the pair; the public key is printed')
      .option('--key-algorithm <algorithm>', 'key_pair with --generate: rsa (default) or ed25519')
      .option('--visibility <visibility>', 'public or private (default: the server setting)')
      .option('--project <name>', 'link to this project of the org (repeatable)', collect)
      .option('--store-password-stdin', 'encrypt with a store password read from the first line of stdin')
      .option('--generate-password', 'encrypt with a store password the server generates; it is printed once')
      .option('--json', 'print {org, name, id, result, storePassword?, publicKey?} as JSON'),
  ).action(async (target: string, opts: CreateOptions, command: Command) => {
    const ref = parseSecretRef(target);
    const kind = parseKind(opts.type);
    checkFlags(kind, opts);
    const stdin = new StdinSource();
    const form = new FormData();
    form.append('name', ref.name);
    form.append('type', kind);
    if (opts.visibility !== undefined) form.append('visibility', parseVisibility(opts.visibility));
    if (opts.project) form.append('projects', opts.project.join(','));
    if (opts.storePasswordStdin) form.append('storePassword', await stdin.line('the store password'));
    if (opts.generatePassword) form.append('generatePassword', 'true');
    await appendPayload(form, kind, opts, stdin);

    const answer = await apiFor(command).json<CreateAnswer>('POST', orgPath('v1', ref.org, 'secret'), {
      form,
      subject: refText(ref),
    });
    const storePassword = opts.generatePassword ? answer.password : undefined;
    const publicKey = opts.generate ? answer.publicKey : undefined;
    if (opts.json) {
      return emitJson({ org: ref.org, name: ref.name, id: answer.id, result: answer.result, storePassword, publicKey });
    }
    note(`Created ${refText(ref)} (${kind})`);
    if (storePassword !== undefined) emit(`${storePassword}\n`);
    if (publicKey !== undefined) emit(publicKey.endsWith('\n') ? publicKey : `${publicKey}\n`);
  });

  withProfile(
    secret
      .command('delete')
      .description('delete a secret (needs OWNER)')
      .argument('<org/name>', 'the secret')
      .option('--json', 'print the server result as JSON'),
  ).action(async (target: string, opts: { json?: boolean }, command: Command) => {
    const ref = parseSecretRef(target);
    const answer = await apiFor(command).json<{ result: string }>(
      'DELETE',
      orgPath('v1', ref.org, 'secret', ref.name),
      { subject: refText(ref) },
    );
    if (opts.json) return emitJson({ org: ref.org, name: ref.name, result: answer.result });
    note(`Deleted ${refText(ref)}`);
  });
}

function parseKind(raw: string): SecretKind {
  const kind = raw.toLowerCase();
  if (kind === 'data' || kind === 'username_password' || kind === 'key_pair') return kind;
  throw usageError(`--type '${raw}': expected data, username_password or key_pair`);
}

export function parseVisibility(raw: string): 'PUBLIC' | 'PRIVATE' {
  const visibility = raw.toUpperCase();
  if (visibility === 'PUBLIC' || visibility === 'PRIVATE') return visibility;
  throw usageError(`--visibility '${raw}': expected public or private`);
}

/** Each type takes its own flags and refuses the others', so a typo never creates a half-meant secret. */
function checkFlags(kind: SecretKind, opts: CreateOptions): void {
  for (const [key, owner] of Object.entries(VALUE_FLAGS)) {
    if (opts[key as keyof CreateOptions] !== undefined && owner.kind !== kind) {
      throw usageError(`${owner.flag} is for --type ${owner.kind}, not ${kind}`);
    }
  }
  if (opts.storePasswordStdin && opts.generatePassword) {
    throw usageError('--store-password-stdin and --generate-password exclude each other');
  }
  switch (kind) {
    case 'data':
      if (Boolean(opts.valueStdin) === (opts.valueFile !== undefined)) {
        throw usageError('--type data needs exactly one of --value-stdin and --value-file');
      }
      return;
    case 'username_password':
      if (opts.username === undefined) throw usageError('--type username_password needs --username');
      if (!opts.passwordStdin && opts.storePasswordStdin) {
        throw usageError('with --store-password-stdin, give the password with --password-stdin (the second line)');
      }
      return;
    case 'key_pair': {
      const files = [opts.publicKeyFile, opts.privateKeyFile].filter((f) => f !== undefined).length;
      if (opts.generate ? files > 0 : files !== 2) {
        throw usageError('--type key_pair needs --generate, or both --public-key-file and --private-key-file');
      }
      if (opts.keyAlgorithm !== undefined && !opts.generate) throw usageError('--key-algorithm goes with --generate');
      return;
    }
  }
}

async function appendPayload(form: FormData, kind: SecretKind, opts: CreateOptions, stdin: StdinSource) {
  switch (kind) {
    case 'data': {
      const value = opts.valueFile !== undefined ? readInputFile(opts.valueFile) : await stdin.rest('the value');
      form.append('data', new Blob([value]), 'data');
      return;
    }
    case 'username_password': {
      form.append('username', opts.username ?? '');
      const password = opts.passwordStdin
        ? await stdin.line('the password')
        : await promptHidden(`Password for ${opts.username}: `);
      form.append('password', password);
      return;
    }
    case 'key_pair':
      if (opts.generate) {
        if (opts.keyAlgorithm !== undefined) form.append('keyAlgorithm', opts.keyAlgorithm);
        return;
      }
      form.append('public', new Blob([readInputFile(opts.publicKeyFile as string)]), 'public');
      form.append('private', new Blob([readInputFile(opts.privateKeyFile as string)]), 'private');
      return;
  }
}
