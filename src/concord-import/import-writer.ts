import type { EntityManager } from 'typeorm';
import type { Outcome } from './import-report';

/** Column values of one row, by column name. */
export type Row = Record<string, unknown>;

/** A table the import writes by primary key `id`, with the casts its parameters need. */
export interface TableSpec {
  name: 'users' | 'api_keys' | 'orgs' | 'teams' | 'projects' | 'secrets';
  casts?: Record<string, string>;
}

export const USERS: TableSpec = { name: 'users', casts: { roles: 'text[]' } };
export const API_KEYS: TableSpec = { name: 'api_keys' };
export const ORGS: TableSpec = { name: 'orgs', casts: { meta: 'jsonb', cfg: 'jsonb' } };
export const TEAMS: TableSpec = { name: 'teams' };
export const PROJECTS: TableSpec = { name: 'projects', casts: { meta: 'jsonb', cfg: 'jsonb' } };
export const SECRETS: TableSpec = { name: 'secrets', casts: { kdf_params: 'jsonb' } };

/** A table linking a row (`parent`) to others (`key`), with an optional value per link. */
export interface LinkSpec {
  table: 'team_members' | 'secret_projects' | 'secret_team_access';
  parent: string;
  key: string;
  value?: string;
}

export const TEAM_MEMBERS: LinkSpec = { table: 'team_members', parent: 'team_id', key: 'user_id', value: 'role' };
export const SECRET_PROJECTS: LinkSpec = { table: 'secret_projects', parent: 'secret_id', key: 'project_id' };
export const SECRET_RULES: LinkSpec = {
  table: 'secret_team_access',
  parent: 'secret_id',
  key: 'team_id',
  value: 'level',
};

/** A comparable form of a column value: dates, bytes and JSON compare by content. */
function comparable(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return `date:${value.getTime()}`;
  if (Buffer.isBuffer(value)) return `bytes:${value.toString('hex')}`;
  return `json:${stableJson(value)}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function parameter(spec: TableSpec, column: string, value: unknown): unknown {
  return spec.casts?.[column] === 'jsonb' && value !== null && value !== undefined ? JSON.stringify(value) : value;
}

function placeholder(spec: TableSpec, column: string, index: number): string {
  const cast = spec.casts?.[column];
  return cast ? `$${index}::${cast}` : `$${index}`;
}

/**
 * The import's writes into Strongroom's tables, inside the caller's transaction. Column and table
 * names come from this module's own constants, never from Concord's data; values are parameters.
 */
export class ImportWriter {
  constructor(private readonly em: EntityManager) {}

  /** The row's current values of these columns, or undefined when there is no row with this id. */
  async current(spec: TableSpec, id: string, columns: string[]): Promise<Row | undefined> {
    const rows: Row[] = await this.em.query(`SELECT ${columns.join(', ')} FROM ${spec.name} WHERE id = $1`, [id]);
    return rows[0];
  }

  /** Inserts the row, or updates the columns whose values differ; says which it did. */
  async upsert(spec: TableSpec, id: string, desired: Row, current: Row | undefined): Promise<Outcome> {
    const columns = Object.keys(desired);
    if (!current) {
      const names = ['id', ...columns];
      const values = [id, ...columns.map((c) => parameter(spec, c, desired[c]))];
      const placeholders = names.map((c, i) => placeholder(spec, c, i + 1));
      await this.em.query(`INSERT INTO ${spec.name} (${names.join(', ')}) VALUES (${placeholders.join(', ')})`, values);
      return 'created';
    }
    const changed = columns.filter((c) => comparable(desired[c]) !== comparable(current[c]));
    if (changed.length === 0) return 'unchanged';
    const sets = changed.map((c, i) => `${c} = ${placeholder(spec, c, i + 2)}`);
    await this.em.query(`UPDATE ${spec.name} SET ${sets.join(', ')} WHERE id = $1`, [
      id,
      ...changed.map((c) => parameter(spec, c, desired[c])),
    ]);
    return 'updated';
  }

  /** The id of another row that already holds this unique value, if any. */
  async otherHolder(spec: TableSpec, where: string, params: unknown[], id: string): Promise<string | undefined> {
    const rows: { id: string }[] = await this.em.query(
      `SELECT id FROM ${spec.name} WHERE (${where}) AND id <> $${params.length + 1} LIMIT 1`,
      [...params, id],
    );
    return rows[0]?.id;
  }

  /**
   * Makes the links of one row (a team's members, a secret's projects or team rules) match Concord
   * for the keys Concord knows: adds the missing ones, updates changed values, removes the other
   * Concord keys; keys made in Strongroom only (users, projects, teams Concord does not have) stay.
   */
  async syncLinks(spec: LinkSpec, parentId: string, desired: Map<string, string>, known: Set<string>) {
    const value = spec.value ? `, ${spec.value} AS value` : `, '' AS value`;
    const rows: { key: string; value: string }[] = await this.em.query(
      `SELECT ${spec.key} AS key${value} FROM ${spec.table} WHERE ${spec.parent} = $1`,
      [parentId],
    );
    const current = new Map(rows.map((r) => [r.key, r.value]));
    const counts = { created: 0, updated: 0, unchanged: 0, removed: 0 };
    for (const [key, wanted] of desired) {
      const now = current.get(key);
      if (now === wanted) {
        counts.unchanged += 1;
        continue;
      }
      await this.em.query(
        spec.value
          ? `INSERT INTO ${spec.table} (${spec.parent}, ${spec.key}, ${spec.value}) VALUES ($1, $2, $3)
             ON CONFLICT (${spec.parent}, ${spec.key}) DO UPDATE SET ${spec.value} = EXCLUDED.${spec.value}`
          : `INSERT INTO ${spec.table} (${spec.parent}, ${spec.key}) VALUES ($1, $2)`,
        spec.value ? [parentId, key, wanted] : [parentId, key],
      );
      counts[now === undefined ? 'created' : 'updated'] += 1;
    }
    for (const key of current.keys()) {
      if (desired.has(key) || !known.has(key)) continue;
      await this.em.query(`DELETE FROM ${spec.table} WHERE ${spec.parent} = $1 AND ${spec.key} = $2`, [parentId, key]);
      counts.removed += 1;
    }
    return counts;
  }

  async fingerprint(secretId: string): Promise<Buffer | undefined> {
    const rows: { data_fingerprint: Buffer }[] = await this.em.query(
      `SELECT data_fingerprint FROM concord_import_sources WHERE secret_id = $1`,
      [secretId],
    );
    return rows[0]?.data_fingerprint;
  }

  async saveFingerprint(secretId: string, fingerprint: Buffer): Promise<void> {
    await this.em.query(
      `INSERT INTO concord_import_sources (secret_id, data_fingerprint) VALUES ($1, $2)
       ON CONFLICT (secret_id) DO UPDATE SET data_fingerprint = EXCLUDED.data_fingerprint, imported_at = now()`,
      [secretId, fingerprint],
    );
  }

  /** Store-password secrets of the org that still hold Concord's ciphertext. */
  async legacyCount(orgId: string): Promise<number> {
    const rows: { count: string }[] = await this.em.query(
      `SELECT count(*) FROM secrets WHERE org_id = $1 AND format_version < 0`,
      [orgId],
    );
    return Number(rows[0].count);
  }

  /** Secrets of the org an earlier import wrote that are not among these Concord ids. */
  async importedSecretsNotIn(orgId: string, concordIds: string[]): Promise<number> {
    const rows: { count: string }[] = await this.em.query(
      `SELECT count(*) FROM concord_import_sources c JOIN secrets s ON s.id = c.secret_id
        WHERE s.org_id = $1 AND NOT (c.secret_id = ANY($2::uuid[]))`,
      [orgId, concordIds],
    );
    return Number(rows[0].count);
  }
}
