import { ValidationFailed } from '../common/errors';

export const REPO_ID_FIELD = 'meta.woodpeckerRepoId';

/**
 * The Woodpecker repository a project maps to (`meta.woodpeckerRepoId`), as the text the database
 * compares (null: none). Woodpecker's repository ids are whole numbers; a number or a string of
 * digits is taken, anything else is refused so that a mapping can never be ambiguous.
 */
export function woodpeckerRepoIdOf(meta: Record<string, unknown> | null | undefined): string | null {
  const value = meta?.woodpeckerRepoId;
  if (value === undefined || value === null) return null;
  const text = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
  if (typeof text !== 'string' || !/^[0-9]{1,18}$/.test(text)) {
    throw new ValidationFailed(`'${REPO_ID_FIELD}' must be a Woodpecker repository id (a whole number)`, REPO_ID_FIELD);
  }
  return text;
}
