import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Paging, likeContains } from '../common/paging';
import { listedProjectSql } from '../access/access-sql';
import { ProjectEntity } from './project.entity';

/** Projects are scoped by org id on every method. */
@Injectable()
export class ProjectsRepository {
  constructor(@InjectRepository(ProjectEntity) private readonly repo: Repository<ProjectEntity>) {}

  private projectsIn(em?: EntityManager): Repository<ProjectEntity> {
    return em ? em.getRepository(ProjectEntity) : this.repo;
  }

  findByName(orgId: string, name: string, em?: EntityManager): Promise<ProjectEntity | null> {
    return this.projectsIn(em).findOneBy({ orgId, name });
  }

  findById(orgId: string, id: string, em?: EntityManager): Promise<ProjectEntity | null> {
    return this.projectsIn(em).findOneBy({ orgId, id });
  }

  findByIds(orgId: string, ids: string[], em?: EntityManager): Promise<ProjectEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.projectsIn(em)
      .createQueryBuilder('p')
      .where('p.org_id = :orgId AND p.id IN (:...ids)', { orgId, ids })
      .getMany();
  }

  /** The project a Woodpecker repository id is mapped to (`meta.woodpeckerRepoId`, unique per org). */
  findByWoodpeckerRepoId(orgId: string, repoId: string, em?: EntityManager): Promise<ProjectEntity | null> {
    return this.projectsIn(em)
      .createQueryBuilder('p')
      .where("p.org_id = :orgId AND p.meta->>'woodpeckerRepoId' = :repoId", { orgId, repoId })
      .getOne();
  }

  /** The org's projects sorted by name; `visibleTo` applies the listing rule of `src/access/` for that caller. */
  list(orgId: string, paging: Paging, visibleTo: { userId: string } | null): Promise<ProjectEntity[]> {
    const qb = this.repo.createQueryBuilder('p').where('p.org_id = :orgId', { orgId });
    if (paging.filter) qb.andWhere('p.name ILIKE :f', { f: likeContains(paging.filter) });
    if (visibleTo) qb.andWhere(listedProjectSql('p', ':uid'), { uid: visibleTo.userId });
    qb.orderBy('p.name', 'ASC');
    if (paging.offset !== undefined) qb.offset(paging.offset);
    if (paging.limit !== undefined) qb.limit(paging.limit);
    return qb.getMany();
  }

  async insert(project: Omit<ProjectEntity, 'createdAt' | 'org' | 'owner'>, em?: EntityManager): Promise<void> {
    await this.projectsIn(em).insert(project as QueryDeepPartialEntity<ProjectEntity>);
  }

  async update(orgId: string, id: string, patch: Partial<ProjectEntity>, em?: EntityManager): Promise<void> {
    await this.projectsIn(em).update({ orgId, id }, patch as QueryDeepPartialEntity<ProjectEntity>);
  }

  async delete(orgId: string, id: string, em?: EntityManager): Promise<void> {
    await this.projectsIn(em).delete({ orgId, id });
  }
}
