import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ProjectEntity } from './project.entity';

/** Projects are scoped by org id on every method. */
@Injectable()
export class ProjectsRepository {
  constructor(@InjectRepository(ProjectEntity) private readonly repo: Repository<ProjectEntity>) {}

  private r(em?: EntityManager): Repository<ProjectEntity> {
    return em ? em.getRepository(ProjectEntity) : this.repo;
  }

  findByName(orgId: string, name: string, em?: EntityManager): Promise<ProjectEntity | null> {
    return this.r(em).findOneBy({ orgId, name });
  }

  findById(orgId: string, id: string, em?: EntityManager): Promise<ProjectEntity | null> {
    return this.r(em).findOneBy({ orgId, id });
  }

  findByIds(orgId: string, ids: string[], em?: EntityManager): Promise<ProjectEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.r(em)
      .createQueryBuilder('p')
      .where('p.org_id = :orgId AND p.id IN (:...ids)', { orgId, ids })
      .getMany();
  }

  async insert(project: Omit<ProjectEntity, 'createdAt' | 'org' | 'owner'>, em?: EntityManager): Promise<void> {
    await this.r(em).insert(project as QueryDeepPartialEntity<ProjectEntity>);
  }

  async update(orgId: string, id: string, patch: Partial<ProjectEntity>, em?: EntityManager): Promise<void> {
    await this.r(em).update({ orgId, id }, patch as QueryDeepPartialEntity<ProjectEntity>);
  }

  async delete(orgId: string, id: string, em?: EntityManager): Promise<void> {
    await this.r(em).delete({ orgId, id });
  }
}
