import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';

/** API keys belong to a user; the user id is the tenant of every lookup except the hash lookup at login. */
@Injectable()
export class ApiKeysRepository {
  constructor(@InjectRepository(ApiKeyEntity) private readonly repo: Repository<ApiKeyEntity>) {}

  private r(em?: EntityManager): Repository<ApiKeyEntity> {
    return em ? em.getRepository(ApiKeyEntity) : this.repo;
  }

  /** Login lookup: by hash, unexpired. */
  findActiveByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    return this.repo
      .createQueryBuilder('k')
      .where('k.key_hash = :keyHash', { keyHash })
      .andWhere('(k.expired_at IS NULL OR k.expired_at > now())')
      .getOne();
  }

  existsWithHash(keyHash: string, em?: EntityManager): Promise<boolean> {
    return this.r(em).createQueryBuilder('k').where('k.key_hash = :keyHash', { keyHash }).getExists();
  }

  listByUser(userId: string): Promise<ApiKeyEntity[]> {
    return this.repo.find({ where: { userId }, order: { name: 'ASC' } });
  }

  findById(id: string, em?: EntityManager): Promise<ApiKeyEntity | null> {
    return this.r(em).findOneBy({ id });
  }

  findByName(userId: string, name: string, em?: EntityManager): Promise<ApiKeyEntity | null> {
    return this.r(em).findOneBy({ userId, name });
  }

  async insert(
    key: Omit<ApiKeyEntity, 'createdAt' | 'user' | 'project' | 'projectId'> & { projectId?: string | null },
    em?: EntityManager,
  ): Promise<void> {
    await this.r(em).insert(key);
  }

  async replaceValue(
    userId: string,
    id: string,
    keyHash: string,
    expiredAt: Date | null,
    em?: EntityManager,
    projectId: string | null = null,
  ) {
    await this.r(em).update({ id, userId }, { keyHash, expiredAt, projectId });
  }

  async delete(userId: string, id: string, em?: EntityManager): Promise<void> {
    await this.r(em).delete({ id, userId });
  }

  /** Admin deletion of a user-less (agent) key. */
  async deleteUserless(id: string, em?: EntityManager): Promise<void> {
    await this.r(em).delete({ id, userId: IsNull() });
  }

  /** Serialises key create/rotate per user, so the name check and the insert agree. */
  async lockUser(userId: string, em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`strongroom:apikeys:${userId}`]);
  }
}
