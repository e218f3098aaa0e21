import { Client } from 'pg';
import { ConcordSchema, ImportAborted } from './concord-schema';

export interface ConcordUser {
  id: string;
  username: string;
  domain: string | null;
  displayName: string | null;
  email: string | null;
  type: string;
  disabled: boolean;
  disabledDate: Date | null;
  permanentlyDisabled: boolean;
  roles: string[];
}

export interface ConcordApiKey {
  id: string;
  userId: string | null;
  name: string;
  /** The stored SHA-256 of the key, never the key. */
  hash: string;
  expiredAt: Date | null;
}

export interface ConcordOrg {
  id: string;
  name: string;
  ownerId: string | null;
  visibility: string;
  meta: Record<string, unknown> | null;
  cfg: Record<string, unknown> | null;
}

export interface ConcordTeam {
  id: string;
  orgId: string;
  name: string;
  description: string | null;
}

export interface ConcordMembership {
  teamId: string;
  userId: string;
  role: string;
}

export interface ConcordProject {
  id: string;
  orgId: string;
  name: string;
  description: string | null;
  visibility: string;
  ownerId: string | null;
  meta: Record<string, unknown> | null;
  cfg: Record<string, unknown> | null;
  createdAt: Date | null;
}

export interface ConcordSecret {
  id: string;
  orgId: string;
  name: string;
  type: string;
  encryptedBy: string;
  storeType: string | null;
  visibility: string;
  ownerId: string | null;
  createdAt: Date | null;
  lastUpdatedAt: Date | null;
  hasData: boolean;
}

/** A secret's stored ciphertext and what its key was derived from. */
export interface ConcordSecretData {
  id: string;
  data: Buffer;
  /** Null when the row has none (Concord before per-secret salts): the global salt applies. */
  salt: Buffer | null;
  hashAlgorithm: string | null;
}

export interface ConcordLink {
  secretId: string;
  projectId: string;
}

export interface ConcordRule {
  secretId: string;
  teamId: string;
  level: string;
}

export interface ConcordProjectRule {
  projectId: string;
  teamId: string;
  level: string;
}

/** What one org holds, ciphertexts excepted (fetched in batches: they can be large). */
export interface ConcordOrgContent {
  teams: ConcordTeam[];
  memberships: ConcordMembership[];
  projects: ConcordProject[];
  secrets: ConcordSecret[];
  links: ConcordLink[];
  rules: ConcordRule[];
  projectRules: ConcordProjectRule[];
  /** Rows of tables Strongroom cannot hold yet, per table name. */
  notImported: Record<string, number>;
}

export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `Concord's database at ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return "Concord's database (--from)";
  }
}

/**
 * Reads a Concord database: one read-only transaction at REPEATABLE READ, so every table is seen as
 * of the same moment even while Concord keeps running.
 */
export class ConcordSource {
  private constructor(
    private readonly client: Client,
    readonly schema: ConcordSchema,
    readonly description: string,
  ) {}

  static async open(url: string): Promise<ConcordSource> {
    const description = describeUrl(url);
    const client = new Client({
      connectionString: url,
      connectionTimeoutMillis: 15_000,
      application_name: 'strongroom-import',
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw new ImportAborted(
        `Cannot connect to ${description}: ${(error as Error).message}. Check --from ` +
          '(postgres://user:password@host:port/database) and that this machine may connect to that server.',
      );
    }
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const schema = await ConcordSchema.read(client);
      schema.assertReadable(description);
      return new ConcordSource(client, schema, description);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.client.query('ROLLBACK').catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }

  async orgs(): Promise<ConcordOrg[]> {
    const s = this.schema;
    const { rows } = await this.client.query<ConcordOrg>(
      `SELECT o.org_id AS id, o.org_name AS name, o.owner_id AS "ownerId", o.visibility,
              ${s.column('organizations', 'o', 'meta', 'NULL::jsonb', 'meta')},
              ${s.column('organizations', 'o', 'org_cfg', 'NULL::jsonb', 'cfg')}
         FROM organizations o ORDER BY o.org_name`,
    );
    return rows;
  }

  /** Every user id Concord has (to tell its users from users made in Strongroom). */
  async userIds(): Promise<Set<string>> {
    const { rows } = await this.client.query<{ id: string }>(`SELECT user_id AS id FROM users`);
    return new Set(rows.map((r) => r.id));
  }

  /** The users these orgs refer to: owners, team members, project and secret owners. */
  async referencedUserIds(orgIds: string[]): Promise<Set<string>> {
    const { rows } = await this.client.query<{ id: string | null }>(
      `SELECT owner_id AS id FROM organizations WHERE org_id = ANY($1::uuid[])
       UNION SELECT ut.user_id FROM user_teams ut JOIN teams t ON t.team_id = ut.team_id WHERE t.org_id = ANY($1::uuid[])
       UNION SELECT owner_id FROM projects WHERE org_id = ANY($1::uuid[])
       UNION SELECT owner_id FROM secrets WHERE org_id = ANY($1::uuid[])`,
      [orgIds],
    );
    return new Set(rows.flatMap((r) => (r.id === null ? [] : [r.id])));
  }

  /** Users (with their role names), all of them or those with these ids. */
  async users(only?: Set<string>): Promise<ConcordUser[]> {
    const s = this.schema;
    const { rows } = await this.client.query<ConcordUser>(
      `SELECT u.user_id AS id, u.username, ${s.column('users', 'u', 'domain', 'NULL::varchar', 'domain')},
              ${s.column('users', 'u', 'display_name', 'NULL::varchar', 'displayName')},
              ${s.column('users', 'u', 'user_email', 'NULL::varchar', 'email')},
              u.user_type AS type, coalesce(${s.expr('users', 'u', 'is_disabled', 'false')}, false) AS disabled,
              ${s.column('users', 'u', 'disabled_date', 'NULL::timestamptz', 'disabledDate')},
              coalesce(${s.expr('users', 'u', 'is_permanently_disabled', 'false')}, false) AS "permanentlyDisabled",
              ARRAY(SELECT r.role_name FROM user_roles ur JOIN roles r ON r.role_id = ur.role_id
                     WHERE ur.user_id = u.user_id ORDER BY r.role_name) AS roles
         FROM users u ${only ? 'WHERE u.user_id = ANY($1::uuid[])' : ''} ORDER BY u.user_id`,
      only ? [[...only]] : [],
    );
    return rows;
  }

  async apiKeys(userIds: Set<string> | undefined): Promise<ConcordApiKey[]> {
    const s = this.schema;
    const { rows } = await this.client.query<ConcordApiKey>(
      `SELECT k.key_id AS id, k.user_id AS "userId", k.key_name AS name, k.api_key AS hash,
              ${s.column('api_keys', 'k', 'expired_at', 'NULL::timestamptz', 'expiredAt')}
         FROM api_keys k ${userIds ? 'WHERE k.user_id = ANY($1::uuid[])' : ''} ORDER BY k.key_id`,
      userIds ? [[...userIds]] : [],
    );
    return rows;
  }

  async orgContent(orgId: string): Promise<ConcordOrgContent> {
    const s = this.schema;
    const q = async <T extends object>(sql: string): Promise<T[]> => (await this.client.query<T>(sql, [orgId])).rows;
    const teams = await q<ConcordTeam>(
      `SELECT t.team_id AS id, t.org_id AS "orgId", t.team_name AS name,
              ${s.column('teams', 't', 'description', 'NULL::varchar', 'description')}
         FROM teams t WHERE t.org_id = $1 ORDER BY t.team_name`,
    );
    const memberships = await q<ConcordMembership>(
      `SELECT ut.team_id AS "teamId", ut.user_id AS "userId", ut.team_role AS role
         FROM user_teams ut JOIN teams t ON t.team_id = ut.team_id WHERE t.org_id = $1 ORDER BY ut.team_id, ut.user_id`,
    );
    const projects = await q<ConcordProject>(
      `SELECT p.project_id AS id, p.org_id AS "orgId", p.project_name AS name,
              ${s.column('projects', 'p', 'description', 'NULL::varchar', 'description')}, p.visibility,
              p.owner_id AS "ownerId", ${s.column('projects', 'p', 'meta', 'NULL::jsonb', 'meta')},
              ${s.column('projects', 'p', 'project_cfg', 'NULL::jsonb', 'cfg')},
              ${s.column('projects', 'p', 'created_at', 'NULL::timestamptz', 'createdAt')}
         FROM projects p WHERE p.org_id = $1 ORDER BY p.project_name`,
    );
    const secrets = await q<ConcordSecret>(
      `SELECT s.secret_id AS id, s.org_id AS "orgId", s.secret_name AS name, s.secret_type AS type,
              s.encrypted_by AS "encryptedBy", ${s.column('secrets', 's', 'store_type', 'NULL::varchar', 'storeType')},
              s.visibility, s.owner_id AS "ownerId",
              ${s.column('secrets', 's', 'created_at', 'NULL::timestamptz', 'createdAt')},
              ${s.column('secrets', 's', 'last_updated_at', 'NULL::timestamptz', 'lastUpdatedAt')},
              s.secret_data IS NOT NULL AS "hasData"
         FROM secrets s WHERE s.org_id = $1 ORDER BY s.secret_name`,
    );
    const links = await q<ConcordLink>(
      s.hasTable('project_secrets')
        ? `SELECT ps.secret_id AS "secretId", ps.project_id AS "projectId"
             FROM project_secrets ps JOIN secrets s ON s.secret_id = ps.secret_id WHERE s.org_id = $1`
        : `SELECT secret_id AS "secretId", project_id AS "projectId" FROM secrets
            WHERE org_id = $1 AND project_id IS NOT NULL`,
    );
    const rules = await q<ConcordRule>(
      `SELECT a.secret_id AS "secretId", a.team_id AS "teamId", a.access_level AS level
         FROM secret_team_access a JOIN secrets s ON s.secret_id = a.secret_id WHERE s.org_id = $1`,
    );
    const projectRules = s.hasTable('project_team_access')
      ? await q<ConcordProjectRule>(
          `SELECT a.project_id AS "projectId", a.team_id AS "teamId", a.access_level AS level
             FROM project_team_access a JOIN projects p ON p.project_id = a.project_id WHERE p.org_id = $1`,
        )
      : [];
    const notImported: Record<string, number> = {};
    if (s.hasTable('team_ldap_groups')) {
      notImported['LDAP-group team memberships'] = await this.count(
        `SELECT count(*) FROM team_ldap_groups g JOIN teams t ON t.team_id = g.team_id WHERE t.org_id = $1`,
        orgId,
      );
    }
    return { teams, memberships, projects, secrets, links, rules, projectRules, notImported };
  }

  /** Ciphertexts of these secrets (callers ask for a bounded batch at a time). */
  async secretData(ids: string[]): Promise<Map<string, ConcordSecretData>> {
    const s = this.schema;
    const { rows } = await this.client.query<ConcordSecretData>(
      `SELECT s.secret_id AS id, s.secret_data AS data, ${s.column('secrets', 's', 'secret_salt', 'NULL::bytea', 'salt')},
              ${s.column('secrets', 's', 'hash_algorithm', 'NULL::varchar', 'hashAlgorithm')}
         FROM secrets s WHERE s.secret_id = ANY($1::uuid[]) AND s.secret_data IS NOT NULL`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Role-to-LDAP-group mappings: roles granted by directory group, which Strongroom does not have. */
  async ldapRoleMappings(): Promise<number> {
    return this.schema.hasTable('role_ldap_groups') ? this.count('SELECT count(*) FROM role_ldap_groups') : 0;
  }

  private async count(sql: string, ...params: unknown[]): Promise<number> {
    const { rows } = await this.client.query<{ count: string }>(sql, params);
    return Number(rows[0].count);
  }
}
