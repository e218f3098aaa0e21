import type { EntityManager } from 'typeorm';
import type { AuditEventInput, AuditLog } from '../audit/audit-log.service';
import type { Outcome } from './import-report';
import { canonical, factFingerprint, ImportRecords, RecordKind } from './import-records';

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
  table: 'team_members' | 'secret_projects' | 'secret_team_access' | 'project_team_access';
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

export const PROJECT_RULES: LinkSpec = {
  table: 'project_team_access',
  parent: 'project_id',
  key: 'team_id',
  value: 'level',
};

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
  constructor(
    private readonly em: EntityManager,
    readonly records: ImportRecords,
  ) {}

  /**
   * Applies Concord's version of a row, unless Concord's facts are the ones an earlier import already
   * applied (then Strongroom's row stands as it is, changes made here included), or that import's
   * row has since been deleted in Strongroom ('deleted': not brought back).
   */
  async reconcile(
    spec: TableSpec,
    kind: RecordKind,
    id: string,
    desired: Row,
    current: Row | undefined,
  ): Promise<Outcome | 'deleted'> {
    const previous = this.records.previous(kind, id);
    if (previous && !current) return 'deleted';
    const print = factFingerprint(desired);
    if (previous?.equals(print)) return 'unchanged';
    const outcome = await this.upsert(spec, id, desired, current);
    await this.records.save(this.em, kind, id, print);
    return outcome;
  }

  /** reconcile, for a row whose current values are not at hand yet. */
  async reconcileById(spec: TableSpec, kind: RecordKind, id: string, desired: Row): Promise<Outcome | 'deleted'> {
    return this.reconcile(spec, kind, id, desired, await this.current(spec, id, Object.keys(desired)));
  }

  /**
   * The links of one row (a team's members, a secret's projects or team rules). The first import
   * makes them match Concord for the keys Concord knows (keys made in Strongroom only stay); a later
   * one applies only what changed in Concord since the links it recorded: links Concord added or
   * changed are put, links Concord dropped are removed, and the rest stands as Strongroom has it
   * (a member removed here stays removed).
   */
  async reconcileLinks(
    spec: LinkSpec,
    kind: RecordKind,
    parentId: string,
    desired: Map<string, string>,
    known: Set<string>,
  ) {
    const applied = Buffer.from(JSON.stringify([...desired].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
    const recorded = this.records.previous(kind, parentId);
    if (recorded?.equals(applied)) return { created: 0, updated: 0, unchanged: desired.size, removed: 0 };
    const previous = recorded ? new Map(JSON.parse(recorded.toString('utf8')) as [string, string][]) : undefined;
    const current = await this.currentLinks(spec, parentId);
    const put = previous ? new Map([...desired].filter(([k, v]) => previous.get(k) !== v)) : desired;
    const drop = previous
      ? [...previous.keys()].filter((k) => !desired.has(k))
      : [...current.keys()].filter((k) => !desired.has(k) && known.has(k));
    const counts = { created: 0, updated: 0, unchanged: desired.size - put.size, removed: 0 };
    for (const [key, value] of put) {
      const now = current.get(key);
      if (now === value) {
        counts.unchanged += 1;
        continue;
      }
      await this.em.query(
        spec.value
          ? `INSERT INTO ${spec.table} (${spec.parent}, ${spec.key}, ${spec.value}) VALUES ($1, $2, $3)
             ON CONFLICT (${spec.parent}, ${spec.key}) DO UPDATE SET ${spec.value} = EXCLUDED.${spec.value}`
          : `INSERT INTO ${spec.table} (${spec.parent}, ${spec.key}) VALUES ($1, $2)`,
        spec.value ? [parentId, key, value] : [parentId, key],
      );
      counts[now === undefined ? 'created' : 'updated'] += 1;
    }
    for (const key of drop.filter((k) => current.has(k))) {
      await this.em.query(`DELETE FROM ${spec.table} WHERE ${spec.parent} = $1 AND ${spec.key} = $2`, [parentId, key]);
      counts.removed += 1;
    }
    await this.records.save(this.em, kind, parentId, applied);
    return counts;
  }

  private async currentLinks(spec: LinkSpec, parentId: string): Promise<Map<string, string>> {
    const value = spec.value ? `, ${spec.value} AS value` : `, '' AS value`;
    const rows: { key: string; value: string }[] = await this.em.query(
      `SELECT ${spec.key} AS key${value} FROM ${spec.table} WHERE ${spec.parent} = $1`,
      [parentId],
    );
    return new Map(rows.map((r) => [r.key, r.value]));
  }

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
    const changed = columns.filter((c) => canonical(desired[c]) !== canonical(current[c]));
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

  async record(kind: RecordKind, id: string, print: Buffer): Promise<void> {
    await this.records.save(this.em, kind, id, print);
  }

  /** An audit event in this unit's transaction: it commits with the unit or not at all. */
  async audit(log: AuditLog, event: AuditEventInput): Promise<void> {
    await log.record(this.em, event);
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
      `SELECT count(*) FROM concord_import_records r JOIN secrets s ON s.id = r.id
        WHERE r.kind = 'secret-data' AND s.org_id = $1 AND NOT (r.id = ANY($2::uuid[]))`,
      [orgId, concordIds],
    );
    return Number(rows[0].count);
  }
}
