/** One changed field in an audit `changes` diff: old and new for plain metadata, or just "changed". */
export type FieldChange = { old: unknown; new: unknown } | 'changed';

/**
 * The `changes` diff of an UPDATE event. Plain fields (names, ids, visibility, flags) record old and
 * new; `opaque` fields (free-form JSON such as `meta`/`cfg`, password hashes) record only that they
 * changed, so no value that could be sensitive lands in the audit log. Fields absent from `after`
 * are unchanged; undefined when nothing changed.
 */
export function fieldChanges<T extends object>(
  before: T,
  after: Partial<T>,
  opaque: readonly (keyof T)[] = [],
): Record<string, FieldChange> | undefined {
  const changes: Record<string, FieldChange> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    const next = after[key];
    if (next === undefined) continue;
    const prev = before[key];
    if (sameValue(prev, next)) continue;
    changes[String(key)] = opaque.includes(key) ? 'changed' : { old: plain(prev), new: plain(next) };
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function plain(value: unknown): unknown {
  if (value === undefined) return null;
  return value instanceof Date ? value.toISOString() : value;
}
