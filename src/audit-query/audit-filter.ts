import { ValidationFailed } from '../common/errors';
import { assertUuid } from '../common/names';
import { AUDIT_ACTIONS, AuditAction } from '../audit/audit-event.entity';

/** Concord's object names; ours write a subset, the rest simply match nothing. */
export const QUERYABLE_OBJECTS = [
  'API_KEY',
  'EXTERNAL_EVENT',
  'INTEGRATION',
  'JSON_STORE',
  'JSON_STORE_DATA',
  'JSON_STORE_QUERY',
  'ORGANIZATION',
  'POLICY',
  'PROJECT',
  'PROCESS',
  'ROLE',
  'SECRET',
  'SYSTEM',
  'TEAM',
  'USER',
] as const;

/** The `details.<key>` filters we answer; any other `details.*` parameter is ignored, as in Concord. */
export const DETAIL_FILTERS = [
  'orgId',
  'orgName',
  'projectId',
  'projectName',
  'secretId',
  'secretName',
  'teamId',
  'teamName',
  'source',
  'eventId',
] as const;
export type DetailFilter = (typeof DETAIL_FILTERS)[number];

const UUID_FILTERS: readonly DetailFilter[] = ['orgId', 'projectId', 'secretId', 'teamId'];

export const DEFAULT_LIMIT = 30;
export const MAX_LIMIT = 1000;

export interface AuditQuery {
  object?: string;
  action?: AuditAction;
  userId?: string;
  username?: string;
  after?: Date;
  before?: Date;
  offset: number;
  limit: number;
  details: Partial<Record<DetailFilter, string>>;
}

/**
 * Parses the query string of `GET /api/v1/audit`. Accepts `details.orgId=` (Concord's form) and
 * `details[orgId]=` (what a qs-style parser makes of brackets).
 */
export function parseAuditQuery(query: Record<string, unknown>): AuditQuery {
  const object = text(query, 'object');
  if (object !== undefined && !(QUERYABLE_OBJECTS as readonly string[]).includes(object)) {
    throw new ValidationFailed(`Invalid value of 'object': ${object}`, 'object');
  }
  const action = text(query, 'action');
  if (action !== undefined && !(AUDIT_ACTIONS as readonly string[]).includes(action)) {
    throw new ValidationFailed(`Invalid value of 'action': ${action}`, 'action');
  }
  const userId = text(query, 'userId');
  const nested = typeof query.details === 'object' && query.details !== null ? query.details : {};
  const details: Partial<Record<DetailFilter, string>> = {};
  for (const key of DETAIL_FILTERS) {
    const name = `details.${key}`;
    const value = text(query, name) ?? text(nested as Record<string, unknown>, key, name);
    if (value === undefined) continue;
    details[key] = UUID_FILTERS.includes(key) ? assertUuid(value, name) : value;
  }
  return {
    object,
    action: action as AuditAction | undefined,
    userId: userId !== undefined ? assertUuid(userId, 'userId') : undefined,
    username: text(query, 'username'),
    after: date(query, 'after'),
    before: date(query, 'before'),
    offset: integer(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER),
    limit: integer(query, 'limit', DEFAULT_LIMIT, 1, MAX_LIMIT),
    details,
  };
}

/** A single non-empty value; a repeated parameter is a 400 rather than a silent pick. */
function text(query: Record<string, unknown>, key: string, name = key): string | undefined {
  const value = query[key];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new ValidationFailed(`Invalid value of '${name}'`, name);
  return value;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function date(query: Record<string, unknown>, key: string): Date | undefined {
  const value = text(query, key);
  if (value === undefined) return undefined;
  const parsed = ISO_8601.test(value) ? new Date(value) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime())) {
    throw new ValidationFailed(`Invalid value of '${key}': expected an ISO-8601 date, got ${value}`, key);
  }
  return parsed;
}

function integer(query: Record<string, unknown>, key: string, fallback: number, min: number, max: number): number {
  const value = text(query, key);
  if (value === undefined) return fallback;
  const parsed = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  if (!(parsed >= min && parsed <= max)) {
    throw new ValidationFailed(`Invalid value of '${key}': expected an integer between ${min} and ${max}`, key);
  }
  return parsed;
}
