import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { ciReadableSecretSql } from '../access/access-sql';
import type { SecretType } from '../secrets/secret.entity';
import { IntegrationEntity } from './integration.entity';

export type IntegrationRow = Omit<
  IntegrationEntity,
  'tokenHash' | 'tokenSealed' | 'tokenKeyId' | 'org' | 'team' | 'creator'
>;

export interface IntegrationCredentials {
  tokenHash: string | null;
  tokenSealed: Buffer | null;
  tokenKeyId: string | null;
  publicKey: string | null;
}

/** A secret an integration may be sent: metadata only; the value is opened by the caller. */
export interface CiSecretRow {
  id: string;
  name: string;
  type: SecretType;
  events: string[];
  images: string[];
}

/** Integrations are scoped by org id on every method except the id lookups of the signed /api/ext routes. */
@Injectable()
export class IntegrationsRepository {
  constructor(@InjectRepository(IntegrationEntity) private readonly integrations: Repository<IntegrationEntity>) {}

  findByName(orgId: string, name: string): Promise<IntegrationRow | null> {
    return this.integrations.findOneBy({ orgId, name });
  }

  list(orgId: string): Promise<IntegrationRow[]> {
    return this.integrations.find({ where: { orgId }, order: { name: 'ASC' } });
  }

  /** The /api/ext routes know only the id in their path; the org follows from the row. */
  findById(id: string): Promise<IntegrationRow | null> {
    return this.integrations.findOneBy({ id });
  }

  async credentials(id: string): Promise<IntegrationCredentials | null> {
    const row = await this.integrations
      .createQueryBuilder('i')
      .select(['i.id', 'i.tokenHash', 'i.tokenSealed', 'i.tokenKeyId', 'i.publicKey'])
      .where('i.id = :id', { id })
      .getOne();
    if (!row) return null;
    return {
      tokenHash: row.tokenHash,
      tokenSealed: row.tokenSealed,
      tokenKeyId: row.tokenKeyId,
      publicKey: row.publicKey,
    };
  }

  async insert(row: IntegrationRow & Partial<IntegrationCredentials>, em?: EntityManager): Promise<void> {
    await (em ? em.getRepository(IntegrationEntity) : this.integrations).insert(row);
  }

  async delete(orgId: string, id: string, em?: EntityManager): Promise<void> {
    await (em ? em.getRepository(IntegrationEntity) : this.integrations).delete({ orgId, id });
  }

  /**
   * The project a CI repository maps to (README "CI systems"): for a Woodpecker repository id, the
   * one project of the org whose `meta.woodpeckerRepoId` is that id (unique per org); else the
   * project named like the repository, unless that project is mapped to another Woodpecker id (a
   * mapped project belongs to its repository, whatever other repository shares its name).
   */
  async projectFor(orgId: string, repo: { woodpeckerId?: string; name?: string }): Promise<string | null> {
    const rows: { id: string }[] = await this.integrations.manager.query(
      `SELECT id FROM projects
        WHERE org_id = $1
          AND CASE WHEN $2::text IS NOT NULL AND EXISTS (
                      SELECT 1 FROM projects WHERE org_id = $1 AND meta->>'woodpeckerRepoId' = $2::text)
                   THEN meta->>'woodpeckerRepoId' = $2::text
                   ELSE name = $3::text AND ($2::text IS NULL OR meta->>'woodpeckerRepoId' IS NULL) END`,
      [orgId, repo.woodpeckerId ?? null, repo.name ?? null],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Secrets of the org an integration may be sent: those `src/access/` lets its team read; org-wide
   * or linked to `projectId`. `name` narrows to one.
   */
  ciSecrets(orgId: string, teamId: string | null, projectId: string | null, name?: string): Promise<CiSecretRow[]> {
    return this.integrations.manager.query(
      `SELECT s.id, s.name, s.type, s.events, s.images FROM secrets s
        WHERE s.org_id = $1
          AND ($4::text IS NULL OR s.name = $4)
          AND ${ciReadableSecretSql('s', '$2')}
          AND (NOT EXISTS (SELECT 1 FROM secret_projects sp WHERE sp.secret_id = s.id)
               OR ($3::uuid IS NOT NULL AND EXISTS (
                SELECT 1 FROM secret_projects sp WHERE sp.secret_id = s.id AND sp.project_id = $3)))
        ORDER BY s.name`,
      [orgId, teamId, projectId, name ?? null],
    );
  }

  /** Is the secret linked to exactly this project (the Woodpecker repo routes only write those)? */
  async isLinkedTo(secretId: string, projectId: string): Promise<boolean> {
    const rows: unknown[] = await this.integrations.manager.query(
      `SELECT 1 FROM secret_projects WHERE secret_id = $1 AND project_id = $2`,
      [secretId, projectId],
    );
    return rows.length > 0;
  }
}
