import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Paging, likeContains } from '../common/paging';
import { listedOrgSql } from '../access/access-sql';
import { OrgEntity } from './org.entity';

/** Orgs are the tenants themselves: lookups are by the org's own id or its globally unique name. */
@Injectable()
export class OrgsRepository {
  constructor(@InjectRepository(OrgEntity) private readonly repo: Repository<OrgEntity>) {}

  private orgsIn(em?: EntityManager): Repository<OrgEntity> {
    return em ? em.getRepository(OrgEntity) : this.repo;
  }

  findByName(name: string, em?: EntityManager): Promise<OrgEntity | null> {
    return this.orgsIn(em).findOneBy({ name });
  }

  findById(id: string, em?: EntityManager): Promise<OrgEntity | null> {
    return this.orgsIn(em).findOneBy({ id });
  }

  /** Orgs sorted by name; `visibleTo` applies the listing rule of `src/access/` for that caller. */
  list(paging: Paging, visibleTo: { userId: string; onlyCurrent: boolean } | null): Promise<OrgEntity[]> {
    const qb = this.repo.createQueryBuilder('o');
    if (paging.filter) qb.andWhere('o.name ILIKE :f', { f: likeContains(paging.filter) });
    if (visibleTo) qb.andWhere(listedOrgSql('o', ':uid', visibleTo.onlyCurrent), { uid: visibleTo.userId });
    qb.orderBy('o.name', 'ASC');
    if (paging.offset !== undefined) qb.offset(paging.offset);
    if (paging.limit !== undefined) qb.limit(paging.limit);
    return qb.getMany();
  }

  async insert(org: Omit<OrgEntity, 'createdAt' | 'owner'>, em?: EntityManager): Promise<void> {
    await this.orgsIn(em).insert(org as QueryDeepPartialEntity<OrgEntity>);
  }

  async update(id: string, patch: Partial<Omit<OrgEntity, 'owner'>>, em?: EntityManager): Promise<void> {
    await this.orgsIn(em).update({ id }, patch as QueryDeepPartialEntity<OrgEntity>);
  }

  async delete(id: string, em?: EntityManager): Promise<void> {
    await this.orgsIn(em).delete({ id });
  }

  /** Takes a transaction-scoped advisory lock so concurrent create-or-update calls serialise. */
  async lockForUpsert(em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['strongroom:orgs']);
  }
}
