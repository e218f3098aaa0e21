import type { AuditAction, AuditObject } from './audit-event.entity';

/** An audit event with the request's facts added, ready to insert. */
export interface AuditRow {
  object: AuditObject;
  action: AuditAction;
  userId: string | null;
  details: Record<string, unknown>;
}

/**
 * The one place that names the columns an audit row is written to. Other statements that write a row
 * in the same round trip as their change (creating a secret) embed `insertAuditRow` with their own
 * parameter numbers.
 */
const COLUMNS = 'INSERT INTO audit_events (object, action, user_id, details)';

/** `INSERT … SELECT` of one row per element of four parallel arrays: the parameters of `auditColumns`. */
export const INSERT_AUDIT_ROWS_SQL = `
  ${COLUMNS}
  SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::uuid[], $4::jsonb[])`;

/** Rows as one array per column: the parameters of INSERT_AUDIT_ROWS_SQL, for one row or many. */
export function auditColumns(rows: readonly AuditRow[]): unknown[] {
  return [
    rows.map((r) => r.object),
    rows.map((r) => r.action),
    rows.map((r) => r.userId),
    rows.map((r) => JSON.stringify(r.details)),
  ];
}

/**
 * An `INSERT … SELECT` of one audit row whose values are the parameters `$first` to `$first+3` (the
 * values of `auditValues`), once per row of `from` (a CTE of the enclosing statement).
 */
export function insertAuditRow(first: number, from: string): string {
  const [o, a, u, d] = [first, first + 1, first + 2, first + 3];
  return `${COLUMNS}\n    SELECT $${o}::varchar, $${a}::varchar, $${u}::uuid, $${d}::jsonb FROM ${from}`;
}

/** One row's values in the order `insertAuditRow` expects. */
export function auditValues(row: AuditRow): unknown[] {
  return [row.object, row.action, row.userId, JSON.stringify(row.details)];
}
