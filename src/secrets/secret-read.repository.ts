import { Injectable } from '@nestjs/common';
import { callerTeamLevelsSql, orgMemberSql } from '../access/access-sql';
import { AccessLevel, highestLevel } from '../access/levels';
import type { KnownMemberships } from '../access/secret-access';
import type { SealedSecret } from '../crypto/secret-crypto.service';
import { PreparedQueries } from '../database/prepared-queries';
import type { OrgEntity } from '../orgs/org.entity';
import type { UserEntity } from '../users/user.entity';
import type { SecretEntity } from './secret.entity';
import type { LinkedProject, SecretMetadata } from './secrets.repository';

export type OrgFacts = Pick<OrgEntity, 'id' | 'name' | 'ownerId' | 'visibility'>;

export interface SecretForRead {
  org: OrgFacts;
  secret: { metadata: SecretMetadata; sealed: SealedSecret; linkedProjectIds: string[] } | null;
  caller: KnownMemberships;
}

export interface SecretForMetadata {
  org: OrgFacts;
  secret: { metadata: SecretMetadata; projects: LinkedProject[]; owner: UserEntity | null } | null;
  caller: KnownMemberships;
}

/**
 * The hot reads (`/data`, metadata), each one prepared statement instead of four or five round
 * trips. Scoped by the org name from the route: the org row comes back even when the secret does
 * not, so callers still tell a missing org (400) from a missing secret. The same statement brings
 * the caller's memberships the access rules need for that answer, and only those: the team levels
 * when the secret is PRIVATE, the org membership when it is missing.
 */
@Injectable()
export class SecretReadRepository {
  constructor(private readonly prepared: PreparedQueries) {}

  async findForRead(orgName: string, secretName: string, userId: string): Promise<SecretForRead | null> {
    const rows = await this.prepared.rows<ReadRow>('secret_read', READ_SQL, [orgName, secretName, userId]);
    const r = rows[0];
    if (!r) return null;
    if (!r.id) return { org: orgOf(r), secret: null, caller: callerOf(r) };
    const sealed: SealedSecret = {
      formatVersion: r.format_version,
      ciphertext: r.ciphertext,
      wrappedKey: r.wrapped_key,
      encryptedBy: r.encrypted_by,
      keyId: r.key_id,
      kdfSalt: r.kdf_salt,
      kdfParams: r.kdf_params,
    };
    return {
      org: orgOf(r),
      secret: { metadata: metadataOf(r), sealed, linkedProjectIds: r.project_ids },
      caller: callerOf(r),
    };
  }

  async findForMetadata(orgName: string, secretName: string, userId: string): Promise<SecretForMetadata | null> {
    const rows = await this.prepared.rows<MetadataRow>('secret_metadata', METADATA_SQL, [orgName, secretName, userId]);
    const r = rows[0];
    if (!r) return null;
    if (!r.id) return { org: orgOf(r), secret: null, caller: callerOf(r) };
    const owner = r.owner_id
      ? ({
          id: r.owner_id,
          username: r.owner_username,
          domain: r.owner_domain,
          displayName: r.owner_display_name,
          type: r.owner_type,
        } as UserEntity)
      : null;
    const projects = r.projects.map((p) => ({ secretId: r.id!, id: p.id, name: p.name }));
    return { org: orgOf(r), secret: { metadata: metadataOf(r), projects, owner }, caller: callerOf(r) };
  }
}

interface SecretRow {
  org_id: string;
  org_name: string;
  org_owner_id: string | null;
  org_visibility: OrgEntity['visibility'];
  id: string | null;
  name: string;
  type: SecretEntity['type'];
  encrypted_by: SecretEntity['encryptedBy'];
  store_type: string;
  visibility: SecretEntity['visibility'];
  owner_id: string | null;
  events: string[];
  images: string[];
  created_at: Date;
  last_updated_at: Date | null;
  caller_org_member: boolean | null;
  caller_team_levels: AccessLevel[] | null;
}

interface ReadRow extends SecretRow {
  format_version: number;
  ciphertext: Buffer;
  wrapped_key: Buffer;
  key_id: string | null;
  kdf_salt: Buffer | null;
  kdf_params: SealedSecret['kdfParams'];
  project_ids: string[];
}

interface MetadataRow extends SecretRow {
  owner_username: string;
  owner_domain: string | null;
  owner_display_name: string | null;
  owner_type: UserEntity['type'];
  projects: { id: string; name: string }[];
}

function orgOf(r: SecretRow): OrgFacts {
  return { id: r.org_id, name: r.org_name, ownerId: r.org_owner_id, visibility: r.org_visibility };
}

function callerOf(r: SecretRow): KnownMemberships {
  const known: KnownMemberships = {};
  if (r.caller_org_member !== null) known.orgMember = r.caller_org_member;
  if (r.caller_team_levels !== null) known.teamLevel = highestLevel(r.caller_team_levels);
  return known;
}

function metadataOf(r: SecretRow): SecretMetadata {
  return {
    id: r.id!,
    orgId: r.org_id,
    name: r.name,
    type: r.type,
    encryptedBy: r.encrypted_by,
    storeType: r.store_type,
    visibility: r.visibility,
    ownerId: r.owner_id,
    events: r.events,
    images: r.images,
    createdAt: r.created_at,
    lastUpdatedAt: r.last_updated_at,
  };
}

const SECRET_COLUMNS = `o.id AS org_id, o.name AS org_name, o.owner_id AS org_owner_id, o.visibility AS org_visibility,
  s.id, s.name, s.type, s.encrypted_by, s.store_type, s.visibility, s.owner_id, s.events, s.images,
  s.created_at, s.last_updated_at,
  CASE WHEN s.id IS NULL THEN ${orgMemberSql('o.id', '$3::uuid')} END AS caller_org_member,
  CASE WHEN s.visibility = 'PRIVATE' THEN ${callerTeamLevelsSql('s.id', '$3::uuid')} END AS caller_team_levels`;

const READ_SQL = `
  SELECT ${SECRET_COLUMNS}, s.format_version, s.ciphertext, s.wrapped_key, s.key_id, s.kdf_salt, s.kdf_params,
         ARRAY(SELECT sp.project_id FROM secret_projects sp WHERE sp.secret_id = s.id) AS project_ids
    FROM orgs o LEFT JOIN secrets s ON s.org_id = o.id AND s.name = $2
   WHERE o.name = $1`;

const METADATA_SQL = `
  SELECT ${SECRET_COLUMNS},
         u.username AS owner_username, u.domain AS owner_domain, u.display_name AS owner_display_name,
         u.type AS owner_type,
         COALESCE((SELECT json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY p.name)
                     FROM secret_projects sp JOIN projects p ON p.id = sp.project_id
                    WHERE sp.secret_id = s.id), '[]'::json) AS projects
    FROM orgs o LEFT JOIN secrets s ON s.org_id = o.id AND s.name = $2
         LEFT JOIN users u ON u.id = s.owner_id
   WHERE o.name = $1`;
