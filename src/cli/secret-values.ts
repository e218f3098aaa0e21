import { MalformedPayload, SecretPayload, SecretType, decodePayload } from '../crypto/secret-payload';
import { ApiClient, ApiError, orgPath } from './api-client';
import { CliError, EXIT, usageError } from './exit-codes';
import type { HttpAnswer } from './http-transport';
import { Field, SecretRef, refText } from './refs';

/** The metadata the server lists for a secret (Concord's SecretEntryV2), as far as the CLI uses it. */
export interface SecretEntry {
  name: string;
  type: SecretType;
  encryptedBy: 'SERVER_KEY' | 'PASSWORD';
  visibility: 'PUBLIC' | 'PRIVATE';
  projects: { name: string }[];
}

const TYPES: readonly SecretType[] = ['DATA', 'KEY_PAIR', 'USERNAME_PASSWORD'];
const FIELDS_OF: Record<SecretType, readonly Field[]> = {
  DATA: ['value'],
  KEY_PAIR: ['private', 'public'],
  USERNAME_PASSWORD: ['username', 'password'],
};

/** The decrypted value through `POST .../data` (the Concord runner's route), decoded by its type header. */
export async function readSecret(api: ApiClient, ref: SecretRef, storePassword?: string): Promise<SecretPayload> {
  let form: FormData | undefined;
  if (storePassword !== undefined) {
    form = new FormData();
    form.append('storePassword', storePassword);
  }
  let answer: HttpAnswer;
  try {
    answer = await api.send('POST', orgPath('v1', ref.org, 'secret', ref.name, 'data'), {
      form,
      subject: refText(ref),
    });
  } catch (error) {
    throw await explainProjectScope(api, ref, error);
  }
  const type = TYPES.find((t) => t === answer.header('x-concord-secrettype'));
  if (!type) throw new CliError(EXIT.failure, `${refText(ref)}: the server's answer names no secret type`);
  try {
    return decodePayload(type, answer.body);
  } catch (error) {
    if (error instanceof MalformedPayload) throw new CliError(EXIT.failure, `${refText(ref)}: ${error.message}`);
    throw error;
  }
}

/** A KEY_PAIR's public half through `GET .../public`, which project scoping does not restrict. */
export async function readPublicKey(api: ApiClient, ref: SecretRef): Promise<Buffer> {
  const answer = await api.json<{ publicKey: string }>('GET', orgPath('v1', ref.org, 'secret', ref.name, 'public'), {
    subject: refText(ref),
  });
  return Buffer.from(answer.publicKey, 'utf8');
}

/** DATA gives its value and KEY_PAIR its private key unless a field is named; USERNAME_PASSWORD needs one. */
export function pickField(ref: SecretRef, payload: SecretPayload, field = ref.field): Buffer {
  const chosen = field ?? defaultField(payload.type);
  if (!chosen) {
    throw usageError(`${refText(ref)} is a USERNAME_PASSWORD secret: name the field, username or password`);
  }
  if (!FIELDS_OF[payload.type].includes(chosen)) {
    throw usageError(
      `${refText(ref)} is a ${payload.type} secret: it has no field '${chosen}' (it has ${FIELDS_OF[payload.type].join(', ')})`,
    );
  }
  return fieldsOf(payload)[chosen] as Buffer;
}

export function fieldsOf(payload: SecretPayload): Partial<Record<Field, Buffer>> {
  switch (payload.type) {
    case 'DATA':
      return { value: payload.data };
    case 'KEY_PAIR':
      return { public: payload.publicKey, private: payload.privateKey };
    case 'USERNAME_PASSWORD':
      return { username: Buffer.from(payload.username, 'utf8'), password: Buffer.from(payload.password, 'utf8') };
  }
}

function defaultField(type: SecretType): Field | undefined {
  switch (type) {
    case 'DATA':
      return 'value';
    case 'KEY_PAIR':
      return 'private';
    case 'USERNAME_PASSWORD':
      return undefined;
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text, or undefined when they are not UTF-8 (or hold NUL, which no variable can). */
export function asText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * A value linked to projects is given only to an API key bound to one of them. The server's 403
 * says so in general; this adds which projects, and what to do.
 */
async function explainProjectScope(api: ApiClient, ref: SecretRef, error: unknown): Promise<unknown> {
  if (!(error instanceof ApiError) || error.status !== 403 || !error.serverMessage.startsWith('Project-scoped')) {
    return error;
  }
  let names: string[] = [];
  try {
    const entry = await api.json<SecretEntry>('GET', orgPath('v2', ref.org, 'secret', ref.name), {
      subject: refText(ref),
    });
    names = entry.projects.map((p) => p.name);
  } catch {
    // The explanation stays general when the metadata cannot be read.
  }
  const linked = names.length > 0 ? `project ${names.join(', ')}` : 'a project';
  const key = error.serverMessage.includes('project they belong to') ? 'another project' : 'no project';
  const body = JSON.stringify({ orgName: ref.org, projectName: names[0] ?? '<project>' });
  return new ProjectScopeError(
    `${error.message} (it is linked to ${linked}, and this API key is bound to ${key}: ` +
      `use an API key made for the project, POST /api/v1/apikey ${body})`,
  );
}

/** The value of a project-scoped secret was refused to a key not bound to its project (exit 4). */
export class ProjectScopeError extends CliError {
  constructor(message: string) {
    super(EXIT.denied, message);
  }
}

const PAGE = 500;

/** Every secret of the org the caller may list, page by page, sorted by name as the server sorts. */
export async function listSecrets(api: ApiClient, org: string, filter?: string): Promise<SecretEntry[]> {
  const all: SecretEntry[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api.json<SecretEntry[]>('GET', orgPath('v2', org, 'secret'), {
      query: { offset, limit: PAGE, filter },
      subject: org,
    });
    all.push(...page);
    if (page.length < PAGE) return all;
  }
}
