import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Paging, likeContains } from '../common/paging';
import { PreparedQueries } from '../database/prepared-queries';
import { OrgEntity } from './org.entity';

const ORG_WITH_MEMBERSHIP_SQL = `
  SELECT o.id, o.name, o.owner_id, o.visibility, o.meta, o.cfg, o.created_at,
         EXISTS (SELECT 1 FROM teams t JOIN team_members m ON m.team_id = t.id
                  WHERE t.org_id = o.id AND m.user_id = $2) AS is_member
    FROM orgs o WHERE o.name = $1`;

/** Orgs are the tenants themselves: lookups are by the org's own id or its globally unique name. */
@Injectable()
export class OrgsRepository {
  constructor(
    @InjectRepository(OrgEntity) private readonly repo: Repository<OrgEntity>,
    private readonly prepared: PreparedQueries,
  ) {}

  private r(em?: EntityManager): Repository<OrgEntity> {
    return em ? em.getRepository(OrgEntity) : this.repo;
  }

  /** The org and whether the user is in one of its teams, in one prepared statement (members-only routes). */
  async findByNameWithMembership(name: string, userId: string): Promise<{ org: OrgEntity; isMember: boolean } | null> {
    const rows = await this.prepared.rows<{
      id: string;
      name: string;
      owner_id: string | null;
      visibility: OrgEntity['visibility'];
      meta: OrgEntity['meta'];
      cfg: OrgEntity['cfg'];
      created_at: Date;
      is_member: boolean;
    }>('org_with_membership', ORG_WITH_MEMBERSHIP_SQL, [name, userId]);
    const r = rows[0];
    if (!r) return null;
    const org = Object.assign(new OrgEntity(), {
      id: r.id,
      name: r.name,
      ownerId: r.owner_id,
      visibility: r.visibility,
      meta: r.meta,
      cfg: r.cfg,
      createdAt: r.created_at,
    });
    return { org, isMember: r.is_member };
  }

  findByName(name: string, em?: EntityManager): Promise<OrgEntity | null> {
    return this.r(em).findOneBy({ name });
  }

  findById(id: string, em?: EntityManager): Promise<OrgEntity | null> {
    return this.r(em).findOneBy({ id });
  }

  /**
   * Orgs sorted by name. `visibleTo` limits the rows for a non-privileged caller: PUBLIC orgs (unless
   * onlyCurrent), orgs where the caller is in a team, and orgs the caller owns.
   */
  list(paging: Paging, visibleTo?: { userId: string; onlyCurrent: boolean }): Promise<OrgEntity[]> {
    const qb = this.repo.createQueryBuilder('o');
    if (paging.filter) qb.andWhere('o.name ILIKE :f', { f: likeContains(paging.filter) });
    if (visibleTo) {
      const conditions = [
        'o.owner_id = :uid',
        'EXISTS (SELECT 1 FROM teams t JOIN team_members m ON m.team_id = t.id WHERE t.org_id = o.id AND m.user_id = :uid)',
      ];
      if (!visibleTo.onlyCurrent) conditions.push("o.visibility = 'PUBLIC'");
      qb.andWhere(`(${conditions.join(' OR ')})`, { uid: visibleTo.userId });
    }
    qb.orderBy('o.name', 'ASC');
    if (paging.offset !== undefined) qb.offset(paging.offset);
    if (paging.limit !== undefined) qb.limit(paging.limit);
    return qb.getMany();
  }

  async insert(org: Omit<OrgEntity, 'createdAt' | 'owner'>, em?: EntityManager): Promise<void> {
    await this.r(em).insert(org as QueryDeepPartialEntity<OrgEntity>);
  }

  async update(id: string, patch: Partial<Omit<OrgEntity, 'owner'>>, em?: EntityManager): Promise<void> {
    await this.r(em).update({ id }, patch as QueryDeepPartialEntity<OrgEntity>);
  }

  async delete(id: string, em?: EntityManager): Promise<void> {
    await this.r(em).delete({ id });
  }

  /** Takes a transaction-scoped advisory lock so concurrent create-or-update calls serialise. */
  async lockForUpsert(em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['strongroom:orgs']);
  }
}
