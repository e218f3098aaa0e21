import { ValidationFailed } from './errors';

/** Concord's "ConcordKey" rule for org, team, project, secret, API key and role names (docs/compatibility.md#names). */
export const NAME_PATTERN = /^[0-9a-zA-Z][0-9a-zA-Z_@.\-~]{2,127}$/;
export const NAME_PATTERN_SOURCE = '^[0-9a-zA-Z][0-9a-zA-Z_@.\\-~]{2,127}$';

/** Concord's own message for the rule: it says "2 and 128" and omits '~'; kept for compatibility. */
export const NAME_RULE_MESSAGE =
  "Must be between 2 and 128 characters long, start with a letter or a number and contain only letters, numbers, '_', '@', '.' or '-'";

/**
 * The name rule as openapi.yaml states it: the pattern, and in words what it really asks (3 to 128
 * characters, '~' allowed), since the error message keeps Concord's wording.
 */
export const NAME_SCHEMA = {
  type: 'string',
  pattern: NAME_PATTERN_SOURCE,
  minLength: 3,
  maxLength: 128,
  description:
    "3 to 128 characters: a letter or digit, then letters, digits, '_', '@', '.', '-' or '~'. A refusal " +
    "keeps Concord's message, which says 2 to 128",
} as const;

export function isValidName(value: unknown): value is string {
  return typeof value === 'string' && NAME_PATTERN.test(value);
}

/** Throws Concord's validation error for a name that breaks the rule. `what` is e.g. "secret name". */
export function assertValidName(value: string, what: string, id = '*'): string {
  if (!NAME_PATTERN.test(value)) {
    throw new ValidationFailed(`Invalid ${what}: ${value}. ${NAME_RULE_MESSAGE}`, id);
  }
  return value;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): boolean {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

export function assertUuid(value: string, field: string): string {
  if (!isUuid(value)) {
    throw new ValidationFailed(`Invalid request parameters. Expected a UUID in '${field}'`, field);
  }
  return value.toLowerCase();
}
