import type { Client } from 'pg';

/** An operator error the import stops on before writing anything; the message says what to do. */
export class ImportAborted extends Error {}

/*
 * The tables and columns the import reads, as Concord's Liquibase changelogs leave them (names are
 * unquoted there, so lower-case in PostgreSQL). Required ones are those without which the import
 * would lose identity or access facts; optional ones are read when present (older Concord versions
 * lack them) and have a stated fallback.
 */
const REQUIRED: Record<string, string[]> = {
  users: ['user_id', 'username', 'user_type'],
  roles: ['role_id', 'role_name'],
  user_roles: ['user_id', 'role_id'],
  api_keys: ['key_id', 'user_id', 'api_key', 'key_name'],
  organizations: ['org_id', 'org_name', 'owner_id', 'visibility'],
  teams: ['team_id', 'org_id', 'team_name'],
  user_teams: ['user_id', 'team_id', 'team_role'],
  projects: ['project_id', 'org_id', 'project_name', 'visibility', 'owner_id'],
  secrets: [
    'secret_id',
    'org_id',
    'secret_name',
    'secret_type',
    'encrypted_by',
    'visibility',
    'owner_id',
    'secret_data',
  ],
  secret_team_access: ['secret_id', 'team_id', 'access_level'],
};

export class ConcordSchema {
  constructor(private readonly columns: Map<string, Set<string>>) {}

  static async read(client: Client): Promise<ConcordSchema> {
    const result = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`,
    );
    const columns = new Map<string, Set<string>>();
    for (const { table_name: table, column_name: column } of result.rows) {
      if (!columns.has(table)) columns.set(table, new Set());
      columns.get(table)!.add(column);
    }
    return new ConcordSchema(columns);
  }

  hasTable(table: string): boolean {
    return this.columns.has(table);
  }

  has(table: string, column: string): boolean {
    return this.columns.get(table)?.has(column) ?? false;
  }

  /** `alias.column` when the column exists, else the fallback expression. */
  expr(table: string, alias: string, column: string, fallback: string): string {
    return this.has(table, column) ? `${alias}.${column}` : fallback;
  }

  /** The same, named for the result row. */
  column(table: string, alias: string, column: string, fallback: string, name: string): string {
    return `${this.expr(table, alias, column, fallback)} AS "${name}"`;
  }

  /** Throws, naming everything missing, when this is not a Concord database the import can read. */
  assertReadable(where: string): void {
    const missing: string[] = [];
    for (const [table, columns] of Object.entries(REQUIRED)) {
      if (!this.hasTable(table)) missing.push(`table ${table}`);
      else for (const c of columns) if (!this.has(table, c)) missing.push(`${table}.${c}`);
    }
    if (!this.hasTable('project_secrets') && !this.has('secrets', 'project_id')) {
      missing.push('table project_secrets (or secrets.project_id)');
    }
    if (missing.length > 0) {
      throw new ImportAborted(
        `${where} is not a Concord database this import can read; missing: ${missing.join(', ')}. ` +
          "Point --from at Concord's main database (the one its server migrates with Liquibase); the tables " +
          "are looked up in the connection's current schema (for another one, add " +
          '?options=-c%20search_path%3D<schema> to the URL).',
      );
    }
  }
}
