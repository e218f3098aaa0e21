import type { DataSource, EntityManager } from 'typeorm';
import { fingerprint } from '../crypto/fingerprint';

/** The facts an import records, each under the id of the row (or parent row) it wrote. */
export type RecordKind =
  | 'user'
  | 'api-key'
  | 'org'
  | 'team'
  | 'team-members'
  | 'project'
  | 'secret'
  | 'secret-data'
  | 'secret-projects'
  | 'secret-rules'
  | 'project-rules';

/** A value in a form that compares by content: dates, bytes and JSON objects (keys sorted). */
export function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return `date:${value.getTime()}`;
  if (Buffer.isBuffer(value)) return `bytes:${value.toString('hex')}`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function factFingerprint(fact: unknown): Buffer {
  return fingerprint([canonical(fact)]);
}

/**
 * What earlier imports applied (see concord-import-record.entity.ts), loaded once per run; each fact
 * is visited once per run, so the copy kept here never needs re-reading.
 */
export class ImportRecords {
  private constructor(private readonly known: Map<string, Buffer>) {}

  static async load(dataSource: DataSource): Promise<ImportRecords> {
    const rows: { kind: string; id: string; applied: Buffer }[] = await dataSource.query(
      `SELECT kind, id, applied FROM concord_import_records`,
    );
    return new ImportRecords(new Map(rows.map((r) => [`${r.kind}:${r.id}`, r.applied])));
  }

  previous(kind: RecordKind, id: string): Buffer | undefined {
    return this.known.get(`${kind}:${id}`);
  }

  async save(em: EntityManager, kind: RecordKind, id: string, applied: Buffer): Promise<void> {
    await em.query(
      `INSERT INTO concord_import_records (kind, id, applied) VALUES ($1, $2, $3)
       ON CONFLICT (kind, id) DO UPDATE SET applied = EXCLUDED.applied, imported_at = now()`,
      [kind, id, applied],
    );
    this.known.set(`${kind}:${id}`, applied);
  }
}
