import type { Visibility } from '../config/config';
import { BadRequest, PayloadTooLarge, ValidationFailed } from '../common/errors';
import type { MultipartForm } from '../http/multipart';
import type { SecretPayload } from '../crypto/secret-payload';
import { InvalidKeyPair, SshKeys } from '../crypto/ssh-keys';
import type { SecretType } from './secret.entity';

export const STORE_TYPE = 'concord';

const TYPES: readonly SecretType[] = ['KEY_PAIR', 'USERNAME_PASSWORD', 'DATA'];

export function parseSecretType(raw: string | undefined): SecretType {
  if (raw === undefined) throw new ValidationFailed("'type' is required", 'type');
  const type = TYPES.find((t) => t === raw.toUpperCase());
  if (!type) throw new ValidationFailed(`Unsupported secret type: ${raw}`, 'type');
  return type;
}

/** Visibility is case-sensitive, as in Concord. */
export function parseVisibility(raw: string | undefined): Visibility | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'PUBLIC' || raw === 'PRIVATE') return raw;
  throw new BadRequest(`Invalid visibility value: ${raw}`);
}

export function parseStoreType(raw: string | undefined): string {
  if (raw === undefined) return STORE_TYPE;
  if (raw.toLowerCase() !== STORE_TYPE) throw new ValidationFailed(`Secret store of type ${raw} is not available!`);
  return STORE_TYPE;
}

const EVENT = /^[a-z][a-z_*?-]{0,31}$/;
const IMAGE = /^[A-Za-z0-9][A-Za-z0-9._\-/:@*?]{0,254}$/;

/**
 * CI limits (ours, see ci-adapters.md): comma-separated `events` (push, tag, pull_request, ...; glob
 * patterns allowed) and `images`. undefined when the field is absent; an empty list means "any".
 */
export function parseCiList(form: MultipartForm, field: 'events' | 'images'): string[] | undefined {
  const values = form.list(field);
  if (values === undefined) return undefined;
  const pattern = field === 'events' ? EVENT : IMAGE;
  for (const v of values) {
    if (!pattern.test(v)) throw new ValidationFailed(`Invalid value in '${field}': ${v}`, field);
  }
  if (values.length > 32) throw new ValidationFailed(`Too many values in '${field}' (max 32)`, field);
  return [...new Set(values)].sort();
}

export interface PayloadFromForm {
  payload: SecretPayload;
  /** OpenSSH public key line, for the create response of a KEY_PAIR. */
  publicKey?: string;
}

/** Reads the type-specific parts: key pair (uploaded or generated), username/password, or data. */
export async function readPayload(
  form: MultipartForm,
  type: SecretType,
  keys: SshKeys,
  maxDataSize: number,
): Promise<PayloadFromForm> {
  switch (type) {
    case 'KEY_PAIR':
      return readKeyPair(form, keys);
    case 'USERNAME_PASSWORD': {
      const username = form.payloadText('username');
      if (username === undefined) throw new BadRequest('username not specified');
      const password = form.payloadText('password');
      if (password === undefined) throw new BadRequest('password not specified');
      if (Buffer.byteLength(username, 'utf8') > 65535) throw new BadRequest('username is too long (max 65535 bytes)');
      if (Buffer.byteLength(password, 'utf8') > maxDataSize) {
        throw new PayloadTooLarge(`password exceeds the limit of ${maxDataSize} bytes`);
      }
      return { payload: { type, username, password } };
    }
    case 'DATA': {
      const data = form.bytes('data');
      if (data === undefined || data.length === 0) throw new BadRequest('data not specified');
      if (data.length > maxDataSize) throw new PayloadTooLarge(`File size exceeds limit of ${maxDataSize} bytes`);
      return { payload: { type, data } };
    }
  }
}

async function readKeyPair(form: MultipartForm, keys: SshKeys): Promise<PayloadFromForm> {
  const publicKey = form.bytes('public');
  if (publicKey !== undefined) {
    const privateKey = form.bytes('private');
    if (privateKey === undefined) throw new BadRequest('private not specified');
    try {
      keys.validateUploadedPair(publicKey, privateKey);
    } catch (error) {
      if (error instanceof InvalidKeyPair) throw new BadRequest(error.message);
      throw error;
    }
    return { payload: { type: 'KEY_PAIR', publicKey, privateKey }, publicKey: publicKey.toString('utf8') };
  }
  const algorithm = (form.text('keyAlgorithm') ?? 'rsa').toLowerCase();
  if (algorithm !== 'rsa' && algorithm !== 'ed25519') {
    throw new ValidationFailed(`Unsupported key algorithm: ${algorithm} (expected rsa or ed25519)`, 'keyAlgorithm');
  }
  const pair = algorithm === 'rsa' ? await keys.generateRsa() : await keys.generateEd25519();
  return {
    payload: { type: 'KEY_PAIR', publicKey: Buffer.from(pair.publicKey), privateKey: Buffer.from(pair.privateKey) },
    publicKey: pair.publicKey,
  };
}
