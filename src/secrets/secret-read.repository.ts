import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SealedSecret } from '../crypto/secret-crypto.service';
import type { OrgEntity } from '../orgs/org.entity';
import type { SecretEntity } from './secret.entity';
import type { SecretMetadata } from './secrets.repository';

/**
 * The hot read path (`/data`, CI lookups) in one round trip instead of four: org, secret, sealed
 * columns and linked project ids. Scoped by the org name from the route, like every secret lookup.
 */
@Injectable()
export class SecretReadRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Everything a value read needs, in one round trip: the org (null when missing), the secret's
   * metadata and sealed columns (null when missing) and its linked project ids.
   */
  async findForRead(orgName: string, secretName: string): Promise<SecretForRead | null> {
    const rows: ReadRow[] = await this.dataSource.query(READ_SQL, [orgName, secretName]);
    const r = rows[0];
    if (!r) return null;
    const org = { id: r.org_id, name: r.org_name, ownerId: r.org_owner_id, visibility: r.org_visibility } as OrgEntity;
    if (!r.id) return { org, secret: null };
    const secret: SecretMetadata = {
      id: r.id,
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
    const sealed: SealedSecret = {
      formatVersion: r.format_version,
      ciphertext: r.ciphertext,
      wrappedKey: r.wrapped_key,
      encryptedBy: r.encrypted_by,
      keyId: r.key_id,
      kdfSalt: r.kdf_salt,
      kdfParams: r.kdf_params,
    };
    return { org, secret: { metadata: secret, sealed, linkedProjectIds: r.project_ids } };
  }
}

export interface SecretForRead {
  org: OrgEntity;
  secret: { metadata: SecretMetadata; sealed: SealedSecret; linkedProjectIds: string[] } | null;
}

interface ReadRow {
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
  format_version: number;
  ciphertext: Buffer;
  wrapped_key: Buffer;
  key_id: string | null;
  kdf_salt: Buffer | null;
  kdf_params: SealedSecret['kdfParams'];
  project_ids: string[];
}

const READ_SQL = `
  SELECT o.id AS org_id, o.name AS org_name, o.owner_id AS org_owner_id, o.visibility AS org_visibility,
         s.id, s.name, s.type, s.encrypted_by, s.store_type, s.visibility, s.owner_id, s.events, s.images,
         s.created_at, s.last_updated_at, s.format_version, s.ciphertext, s.wrapped_key, s.key_id,
         s.kdf_salt, s.kdf_params,
         ARRAY(SELECT sp.project_id FROM secret_projects sp WHERE sp.secret_id = s.id) AS project_ids
    FROM orgs o LEFT JOIN secrets s ON s.org_id = o.id AND s.name = $2
   WHERE o.name = $1`;
