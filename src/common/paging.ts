import { ValidationFailed } from './errors';

export interface Paging {
  offset?: number;
  limit?: number;
  filter?: string;
}

function parseInteger(raw: unknown, field: string): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^-?\d{1,9}$/.test(raw)) {
    throw new ValidationFailed(`Invalid value of '${field}': expected an integer`, field);
  }
  return Number(raw);
}

/**
 * Concord's list paging: `offset` applies when >= 0, `limit` when > 0 (0 means all), `filter` is a
 * case-insensitive substring of the name. A non-integer is a 400 here (Concord answers 404).
 */
export function parsePaging(query: { offset?: unknown; limit?: unknown; filter?: unknown }): Paging {
  const offset = parseInteger(query.offset, 'offset');
  const limit = parseInteger(query.limit, 'limit');
  const filter = typeof query.filter === 'string' && query.filter.length > 0 ? query.filter : undefined;
  return {
    offset: offset !== undefined && offset >= 0 ? offset : undefined,
    limit: limit !== undefined && limit > 0 ? limit : undefined,
    filter,
  };
}

/** Escapes `%`, `_` and `\` for an ILIKE pattern. */
export function likeContains(filter: string): string {
  return `%${filter.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
