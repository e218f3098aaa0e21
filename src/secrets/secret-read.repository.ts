import { Injectable } from '@nestjs/common';
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
}

export interface SecretForMetadata {
  org: OrgFacts;
  secret: { metadata: SecretMetadata; projects: LinkedProject[]; owner: UserEntity | null } | null;
}

/**
 * The hot reads (`/data`, metadata, CI lookups), each one prepared statement instead of four or five
 * round trips. Scoped by the org name from the route: the org row comes back even when the secret
 * does not, so callers still tell a missing org (400) from a missing secret (404).
 */
@Injectable()
export class SecretReadRepository {
  constructor(private readonly prepared: PreparedQueries) {}

  async findForRead(orgName: string, secretName: string): Promise<SecretForRead | null> {
    const rows = await this.prepared.rows<ReadRow>('secret_read', READ_SQL, [orgName, secretName]);
    const r = rows[0];
    if (!r) return null;
    if (!r.id) return { org: orgOf(r), secret: null };
    const sealed: SealedSecret = {
      formatVersion: r.format_version,
      ciphertext: r.ciphertext,
      wrappedKey: r.wrapped_key,
      encryptedBy: r.encrypted_by,
      keyId: r.key_id,
      kdfSalt: r.kdf_salt,
      kdfParams: r.kdf_params,
    };
    return { org: orgOf(r), secret: { metadata: metadataOf(r), sealed, linkedProjectIds: r.project_ids } };
  }

  async findForMetadata(orgName: string, secretName: string): Promise<SecretForMetadata | null> {
    const rows = await this.prepared.rows<MetadataRow>('secret_metadata', METADATA_SQL, [orgName, secretName]);
    const r = rows[0];
    if (!r) return null;
    if (!r.id) return { org: orgOf(r), secret: null };
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
    return { org: orgOf(r), secret: { metadata: metadataOf(r), projects, owner } };
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
  s.created_at, s.last_updated_at`;

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
