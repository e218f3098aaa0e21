import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Visibility } from '../config/config';
import { PreparedQueries } from '../database/prepared-queries';
import { callerProjectLevelsSql, callerTeamLevelsSql, orgMemberSql } from './access-sql';
import { AccessLevel, TeamRole, highestLevel } from './levels';

/** An org as the access rules see it (every column but the relations of the org entity). */
export interface OrgRecord {
  id: string;
  name: string;
  ownerId: string | null;
  visibility: Visibility;
  meta: Record<string, unknown> | null;
  cfg: Record<string, unknown> | null;
  createdAt: Date;
}

/** The caller's memberships that a secret decision may need. */
export interface SecretMemberships {
  orgMember: boolean;
  /** The best level one of the caller's teams holds on the secret. */
  teamLevel: AccessLevel | null;
}

/** The caller's memberships that a project decision may need. */
export interface ProjectMemberships {
  orgMember: boolean;
  /** The best level one of the caller's teams holds on the project. */
  teamLevel: AccessLevel | null;
}

/** The caller's standing in an org's teams. */
export interface TeamStanding {
  /** The caller's role in the team asked about (null: not in it, or no team asked about). */
  role: TeamRole | null;
  /** The teams of the org in which the caller is OWNER. */
  ownedTeamIds: ReadonlySet<string>;
}

interface OrgRow {
  id: string;
  name: string;
  owner_id: string | null;
  visibility: Visibility;
  meta: OrgRecord['meta'];
  cfg: OrgRecord['cfg'];
  created_at: Date;
  is_member: boolean;
}

/**
 * The membership, role and level look-ups every access decision rests on, each one prepared
 * statement (the routes that ask them run thousands of times a minute). Nothing else reads
 * memberships to decide: feature repositories only splice in the fragments of `access-sql.ts`.
 */
@Injectable()
export class AccessRepository {
  constructor(private readonly prepared: PreparedQueries) {}

  /** The org by name and whether the user (if any) is in one of its teams: one statement. */
  async orgByName(name: string, userId: string | null): Promise<{ org: OrgRecord; member: boolean } | null> {
    const rows = await this.prepared.rows<OrgRow>('access_org_by_name', ORG_BY_NAME_SQL, [name, userId]);
    return rows[0] ? orgOf(rows[0]) : null;
  }

  async orgById(id: string, userId: string | null): Promise<{ org: OrgRecord; member: boolean } | null> {
    const rows = await this.prepared.rows<OrgRow>('access_org_by_id', ORG_BY_ID_SQL, [id, userId]);
    return rows[0] ? orgOf(rows[0]) : null;
  }

  async isOrgMember(orgId: string, userId: string): Promise<boolean> {
    const rows = await this.prepared.rows<{ member: boolean }>('access_org_member', ORG_MEMBER_SQL, [orgId, userId]);
    return rows[0]?.member ?? false;
  }

  async secretMemberships(orgId: string, secretId: string, userId: string): Promise<SecretMemberships> {
    const rows = await this.prepared.rows<{ org_member: boolean; team_levels: AccessLevel[] }>(
      'access_secret_memberships',
      SECRET_MEMBERSHIPS_SQL,
      [orgId, secretId, userId],
    );
    const r = rows[0];
    return { orgMember: r?.org_member ?? false, teamLevel: highestLevel(r?.team_levels ?? []) };
  }

  async projectMemberships(orgId: string, projectId: string, userId: string): Promise<ProjectMemberships> {
    const rows = await this.prepared.rows<{ org_member: boolean; team_levels: AccessLevel[] }>(
      'access_project_memberships',
      PROJECT_MEMBERSHIPS_SQL,
      [orgId, projectId, userId],
    );
    const r = rows[0];
    return { orgMember: r?.org_member ?? false, teamLevel: highestLevel(r?.team_levels ?? []) };
  }

  /** The level a team (an integration's) holds on a secret. */
  async teamLevelOnSecret(secretId: string, teamId: string): Promise<AccessLevel | null> {
    const rows = await this.prepared.rows<{ level: AccessLevel }>('access_team_level', TEAM_LEVEL_SQL, [
      secretId,
      teamId,
    ]);
    return highestLevel(rows.map((r) => r.level));
  }

  async teamStanding(orgId: string, teamId: string | null, userId: string): Promise<TeamStanding> {
    const rows = await this.prepared.rows<{ role: TeamRole | null; owned: string[] }>(
      'access_team_standing',
      TEAM_STANDING_SQL,
      [orgId, teamId, userId],
    );
    return { role: rows[0]?.role ?? null, ownedTeamIds: new Set(rows[0]?.owned ?? []) };
  }

  /**
   * Who holds OWNER in a team, and the caller's role there, read inside the transaction that
   * changes the team's members (which has locked the team, so the answer stays true until commit).
   */
  async teamOwners(
    teamId: string,
    userId: string,
    em: EntityManager,
  ): Promise<{ owners: Set<string>; role: TeamRole | null }> {
    const rows: { user_id: string; role: TeamRole }[] = await em.query(TEAM_OWNERS_SQL, [teamId, userId]);
    return {
      owners: new Set(rows.filter((r) => r.role === 'OWNER').map((r) => r.user_id)),
      role: rows.find((r) => r.user_id === userId)?.role ?? null,
    };
  }

  /** Is the user OWNER of a team that a Woodpecker integration of the org is bound to? */
  async ownsWoodpeckerTeam(orgId: string, userId: string): Promise<boolean> {
    const rows = await this.prepared.rows<{ owns: boolean }>('access_woodpecker_team', WOODPECKER_TEAM_SQL, [
      orgId,
      userId,
    ]);
    return rows[0]?.owns ?? false;
  }
}

function orgOf(r: OrgRow): { org: OrgRecord; member: boolean } {
  return {
    org: {
      id: r.id,
      name: r.name,
      ownerId: r.owner_id,
      visibility: r.visibility,
      meta: r.meta,
      cfg: r.cfg,
      createdAt: r.created_at,
    },
    member: r.is_member,
  };
}

const ORG_COLUMNS = `o.id, o.name, o.owner_id, o.visibility, o.meta, o.cfg, o.created_at,
  ($2::uuid IS NOT NULL AND ${orgMemberSql('o.id', '$2::uuid')}) AS is_member`;

const ORG_BY_NAME_SQL = `SELECT ${ORG_COLUMNS} FROM orgs o WHERE o.name = $1`;
const ORG_BY_ID_SQL = `SELECT ${ORG_COLUMNS} FROM orgs o WHERE o.id = $1`;
const ORG_MEMBER_SQL = `SELECT ${orgMemberSql('$1::uuid', '$2::uuid')} AS member`;

const SECRET_MEMBERSHIPS_SQL = `
  SELECT ${orgMemberSql('$1::uuid', '$3::uuid')} AS org_member,
         ${callerTeamLevelsSql('$2::uuid', '$3::uuid')} AS team_levels`;

const PROJECT_MEMBERSHIPS_SQL = `
  SELECT ${orgMemberSql('$1::uuid', '$3::uuid')} AS org_member,
         ${callerProjectLevelsSql('$2::uuid', '$3::uuid')} AS team_levels`;

const TEAM_LEVEL_SQL = `SELECT level FROM secret_team_access WHERE secret_id = $1 AND team_id = $2`;

const TEAM_STANDING_SQL = `
  SELECT (SELECT m.role FROM team_members m JOIN teams t ON t.id = m.team_id
           WHERE t.org_id = $1 AND m.team_id = $2::uuid AND m.user_id = $3) AS role,
         ARRAY(SELECT m.team_id FROM team_members m JOIN teams t ON t.id = m.team_id
                WHERE t.org_id = $1 AND m.user_id = $3 AND m.role = 'OWNER') AS owned`;

const TEAM_OWNERS_SQL = `SELECT user_id, role FROM team_members WHERE team_id = $1 AND (role = 'OWNER' OR user_id = $2)`;

const WOODPECKER_TEAM_SQL = `
  SELECT EXISTS (SELECT 1 FROM integrations i JOIN team_members m ON m.team_id = i.team_id
                  WHERE i.org_id = $1 AND i.kind = 'woodpecker' AND m.user_id = $2 AND m.role = 'OWNER') AS owns`;
