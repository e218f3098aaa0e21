import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Paging, likeContains } from '../common/paging';
import { AuditRow, auditValues, insertAuditRow } from '../audit/audit-row';
import type { SealedSecret } from '../crypto/secret-crypto.service';
import { PreparedQueries } from '../database/prepared-queries';
import { listedSecretSql } from '../access/access-sql';
import type { AccessLevel } from '../access/levels';
import { SecretEntity, SecretProjectEntity, SecretTeamAccessEntity } from './secret.entity';

export type SecretMetadata = Omit<
  SecretEntity,
  'formatVersion' | 'ciphertext' | 'wrappedKey' | 'keyId' | 'kdfSalt' | 'kdfParams'
>;

export interface LinkedProject {
  secretId: string;
  id: string;
  name: string;
}

const SEALED_COLUMNS = ['formatVersion', 'ciphertext', 'wrappedKey', 'keyId', 'kdfSalt', 'kdfParams'] as const;

/** Secrets are scoped by org id on every method; sealed columns are only read by `findSealed`. */
@Injectable()
export class SecretsRepository {
  constructor(
    @InjectRepository(SecretEntity) private readonly secrets: Repository<SecretEntity>,
    @InjectRepository(SecretProjectEntity) private readonly links: Repository<SecretProjectEntity>,
    @InjectRepository(SecretTeamAccessEntity) private readonly teamAccess: Repository<SecretTeamAccessEntity>,
    private readonly prepared: PreparedQueries,
  ) {}

  private secretsIn(em?: EntityManager): Repository<SecretEntity> {
    return em ? em.getRepository(SecretEntity) : this.secrets;
  }

  findByName(orgId: string, name: string, em?: EntityManager): Promise<SecretMetadata | null> {
    return this.secretsIn(em).findOneBy({ orgId, name });
  }

  async findSealed(orgId: string, id: string, em?: EntityManager): Promise<SealedSecret | null> {
    const row = await this.secretsIn(em)
      .createQueryBuilder('s')
      .select(SEALED_COLUMNS.map((c) => `s.${c}`))
      .addSelect('s.encryptedBy')
      .where('s.org_id = :orgId AND s.id = :id', { orgId, id })
      .getOne();
    if (!row) return null;
    return {
      formatVersion: row.formatVersion,
      ciphertext: row.ciphertext,
      wrappedKey: row.wrappedKey,
      encryptedBy: row.encryptedBy,
      keyId: row.keyId,
      kdfSalt: row.kdfSalt,
      kdfParams: row.kdfParams,
    };
  }

  /** One page sorted by name; `visibleTo` applies the listing rule of `src/access/` for that caller. */
  list(orgId: string, paging: Paging, visibleTo: { userId: string } | null): Promise<SecretMetadata[]> {
    const qb = this.secrets.createQueryBuilder('s').where('s.org_id = :orgId', { orgId });
    if (paging.filter) qb.andWhere('s.name ILIKE :f', { f: likeContains(paging.filter) });
    if (visibleTo) qb.andWhere(listedSecretSql('s', ':uid'), { uid: visibleTo.userId });
    qb.orderBy('s.name', 'ASC');
    if (paging.offset !== undefined) qb.offset(paging.offset);
    if (paging.limit !== undefined) qb.limit(paging.limit);
    return qb.getMany();
  }

  /** Whether the org already has a secret of that name (one prepared statement: create asks it every time). */
  async nameTaken(orgId: string, name: string): Promise<boolean> {
    const rows = await this.prepared.rows('secret_name_taken', NAME_TAKEN_SQL, [orgId, name]);
    return rows.length > 0;
  }

  /**
   * A new secret, its project links, its team rules and its audit event as one statement: atomic
   * like a transaction, but one round trip instead of six (BEGIN, four inserts, COMMIT).
   */
  async insertAudited(
    secret: SecretMetadata & SealedSecretColumns,
    projectIds: string[],
    audit: AuditRow,
    rules: readonly { teamId: string; level: AccessLevel }[] = [],
  ): Promise<void> {
    await this.prepared.rows('secret_insert_audited', INSERT_AUDITED_SQL, [
      secret.id,
      secret.orgId,
      secret.name,
      secret.type,
      secret.storeType,
      secret.visibility,
      secret.ownerId,
      secret.events,
      secret.images,
      secret.createdAt,
      secret.lastUpdatedAt,
      secret.encryptedBy,
      secret.formatVersion,
      secret.ciphertext,
      secret.wrappedKey,
      secret.keyId,
      secret.kdfSalt,
      secret.kdfParams === null ? null : JSON.stringify(secret.kdfParams),
      projectIds,
      ...auditValues(audit),
      rules.map((r) => r.teamId),
      rules.map((r) => r.level),
    ]);
  }

  async updateMetadata(orgId: string, id: string, patch: Partial<SecretMetadata>, em?: EntityManager): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await this.secretsIn(em).update({ orgId, id }, patch as QueryDeepPartialEntity<SecretEntity>);
  }

  async updateSealed(orgId: string, id: string, sealed: SealedSecret, em?: EntityManager): Promise<void> {
    await this.secretsIn(em).update(
      { orgId, id },
      {
        ...toSealedColumns(sealed),
        lastUpdatedAt: () => 'now()',
      },
    );
  }

  /**
   * Locks the secret's row for the rest of the transaction; false when it is gone (deleted, or
   * moved to another org, since it was read). A change takes this first, so it cannot apply to, or be
   * audited for, a secret a concurrent DELETE removed.
   */
  async lockForChange(orgId: string, id: string, em: EntityManager): Promise<boolean> {
    const rows: unknown[] = await em.query(`SELECT 1 FROM secrets WHERE org_id = $1 AND id = $2 FOR UPDATE`, [
      orgId,
      id,
    ]);
    return rows.length > 0;
  }

  /** False when there was nothing to delete (a concurrent DELETE got there first). */
  async delete(orgId: string, id: string, em?: EntityManager): Promise<boolean> {
    const result = await this.secretsIn(em).delete({ orgId, id });
    return (result.affected ?? 0) > 0;
  }

  /** Projects linked to each of the given secrets (one query for a whole page). */
  async linkedProjects(orgId: string, secretIds: string[], em?: EntityManager): Promise<LinkedProject[]> {
    if (secretIds.length === 0) return [];
    return (em ?? this.secrets.manager).query(
      `SELECT sp.secret_id AS "secretId", p.id, p.name FROM secret_projects sp
         JOIN secrets s ON s.id = sp.secret_id
         JOIN projects p ON p.id = sp.project_id
        WHERE s.org_id = $1 AND sp.secret_id = ANY($2::uuid[]) ORDER BY p.name`,
      [orgId, secretIds],
    );
  }

  /** Links of a secret created in this transaction: nothing to delete first. */
  async replaceProjects(orgId: string, secretId: string, projectIds: string[], em: EntityManager): Promise<void> {
    await em.query(
      `DELETE FROM secret_projects sp USING secrets s WHERE sp.secret_id = s.id AND s.org_id = $1 AND sp.secret_id = $2`,
      [orgId, secretId],
    );
    if (projectIds.length === 0) return;
    await em.getRepository(SecretProjectEntity).insert(projectIds.map((projectId) => ({ secretId, projectId })));
  }

  /** Team rules name teams of the secret's org; a move to another org drops them. */
  async clearTeamAccess(orgId: string, secretId: string, em: EntityManager): Promise<void> {
    await em.query(
      `DELETE FROM secret_team_access a USING secrets s WHERE a.secret_id = s.id AND s.org_id = $1 AND a.secret_id = $2`,
      [orgId, secretId],
    );
  }

  /** Team rules of a secret with their team names, sorted by team name. */
  listTeamAccess(orgId: string, secretId: string): Promise<{ teamId: string; teamName: string; level: AccessLevel }[]> {
    return this.teamAccess.manager.query(
      `SELECT a.team_id AS "teamId", t.name AS "teamName", a.level FROM secret_team_access a
         JOIN secrets s ON s.id = a.secret_id JOIN teams t ON t.id = a.team_id
        WHERE s.org_id = $1 AND a.secret_id = $2 ORDER BY t.name`,
      [orgId, secretId],
    );
  }

  /** Sets one team's level, or replaces every rule (`replace`). Teams are checked by the caller. */
  async writeTeamAccess(
    secretId: string,
    rules: { teamId: string; level: AccessLevel }[],
    replace: boolean,
    em: EntityManager,
  ): Promise<void> {
    const repo = em.getRepository(SecretTeamAccessEntity);
    if (replace) await repo.delete({ secretId });
    if (rules.length > 0)
      await repo.upsert(
        rules.map((r) => ({ secretId, ...r })),
        ['secretId', 'teamId'],
      );
  }
}

export type SealedSecretColumns = Pick<SecretEntity, (typeof SEALED_COLUMNS)[number]>;

export function toSealedColumns(sealed: SealedSecret): SealedSecretColumns & Pick<SecretEntity, 'encryptedBy'> {
  return {
    formatVersion: sealed.formatVersion,
    ciphertext: sealed.ciphertext,
    wrappedKey: sealed.wrappedKey,
    keyId: sealed.keyId,
    kdfSalt: sealed.kdfSalt,
    kdfParams: sealed.kdfParams,
    encryptedBy: sealed.encryptedBy,
  };
}

const NAME_TAKEN_SQL = `SELECT 1 FROM secrets WHERE org_id = $1 AND name = $2`;

const INSERT_AUDITED_SQL = `
  WITH created AS (
    INSERT INTO secrets (id, org_id, name, type, store_type, visibility, owner_id, events, images, created_at,
                         last_updated_at, encrypted_by, format_version, ciphertext, wrapped_key, key_id, kdf_salt,
                         kdf_params)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18::jsonb)
    RETURNING id),
  linked AS (
    INSERT INTO secret_projects (secret_id, project_id)
    SELECT created.id, project_id FROM created, unnest($19::uuid[]) AS project_id),
  granted AS (
    INSERT INTO secret_team_access (secret_id, team_id, level)
    SELECT created.id, rule.team_id, rule.level FROM created, unnest($24::uuid[], $25::varchar[]) AS rule(team_id, level)),
  audited AS (
    ${insertAuditRow(20, 'created')})
  SELECT id FROM created`;
