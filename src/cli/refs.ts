import { usageError } from './exit-codes';

export const FIELDS = ['value', 'username', 'password', 'private', 'public'] as const;
export type Field = (typeof FIELDS)[number];

export interface SecretRef {
  org: string;
  name: string;
  field?: Field;
}

export interface VariableMapping {
  variable: string;
  ref: SecretRef;
}

/** `ORG/NAME`, or with `allowField` `ORG/NAME:field` (names cannot hold ':' or '/'). */
export function parseSecretRef(text: string, allowField = false): SecretRef {
  const [path, field, extra] = text.split(':');
  const parts = path.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1] || extra !== undefined) {
    throw usageError(`'${text}' is not ${allowField ? 'ORG/NAME[:field]' : 'ORG/NAME'}`);
  }
  if (field !== undefined && !allowField) throw usageError(`'${text}' is not ORG/NAME`);
  return { org: parts[0], name: parts[1], ...(field !== undefined ? { field: parseField(field) } : {}) };
}

export function parseField(text: string): Field {
  const field = FIELDS.find((f) => f === text);
  if (!field) throw usageError(`unknown field '${text}' (expected ${FIELDS.join(', ')})`);
  return field;
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `VAR=ORG/NAME[:field]` of `run --env` and `run --file`. */
export function parseMapping(text: string, flag: string): VariableMapping {
  const at = text.indexOf('=');
  const variable = at < 0 ? '' : text.slice(0, at);
  if (!VARIABLE.test(variable)) {
    throw usageError(`${flag} '${text}': expected VAR=ORG/NAME[:field], VAR a shell variable name`);
  }
  return { variable, ref: parseSecretRef(text.slice(at + 1), true) };
}

export function refText(ref: Pick<SecretRef, 'org' | 'name'>): string {
  return `${ref.org}/${ref.name}`;
}
