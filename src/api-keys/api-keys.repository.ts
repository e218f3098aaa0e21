import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { PreparedQueries } from '../database/prepared-queries';
import type { UserEntity } from '../users/user.entity';
import { ApiKeyEntity } from './api-key.entity';

/** The user behind an active key, with the key's own facts: what authentication needs. */
export interface KeyOwner {
  keyId: string;
  projectId: string | null;
  expiredAt: Date | null;
  user: Pick<UserEntity, 'id' | 'username' | 'domain' | 'displayName' | 'type' | 'roles' | 'disabled'>;
}

const KEY_OWNER_SQL = `
  SELECT k.id AS key_id, k.project_id, k.expired_at, u.id, u.username, u.domain, u.display_name, u.type, u.roles, u.disabled
    FROM api_keys k JOIN users u ON u.id = k.user_id
   WHERE k.key_hash = $1 AND (k.expired_at IS NULL OR k.expired_at > now())`;

/** API keys belong to a user; the user id is the tenant of every lookup except the hash lookup at login. */
@Injectable()
export class ApiKeysRepository {
  constructor(
    @InjectRepository(ApiKeyEntity) private readonly repo: Repository<ApiKeyEntity>,
    private readonly prepared: PreparedQueries,
  ) {}

  private keysIn(em?: EntityManager): Repository<ApiKeyEntity> {
    return em ? em.getRepository(ApiKeyEntity) : this.repo;
  }

  /**
   * Authentication on every API-key request, so one prepared statement: the unexpired key by hash
   * and its user. User-less (agent) keys do not match: they carry no principal.
   */
  async findOwnerByHash(keyHash: string): Promise<KeyOwner | null> {
    const rows = await this.prepared.rows<{
      key_id: string;
      project_id: string | null;
      expired_at: Date | null;
      id: string;
      username: string;
      domain: string | null;
      display_name: string | null;
      type: UserEntity['type'];
      roles: string[];
      disabled: boolean;
    }>('auth_key_owner', KEY_OWNER_SQL, [keyHash]);
    const r = rows[0];
    if (!r) return null;
    return {
      keyId: r.key_id,
      projectId: r.project_id,
      expiredAt: r.expired_at,
      user: {
        id: r.id,
        username: r.username,
        domain: r.domain,
        displayName: r.display_name,
        type: r.type,
        roles: r.roles,
        disabled: r.disabled,
      },
    };
  }

  listByUser(userId: string): Promise<ApiKeyEntity[]> {
    return this.repo.find({ where: { userId }, order: { name: 'ASC' } });
  }

  findById(id: string, em?: EntityManager): Promise<ApiKeyEntity | null> {
    return this.keysIn(em).findOneBy({ id });
  }

  findByName(userId: string, name: string, em?: EntityManager): Promise<ApiKeyEntity | null> {
    return this.keysIn(em).findOneBy({ userId, name });
  }

  async insert(
    key: Omit<ApiKeyEntity, 'createdAt' | 'user' | 'project' | 'projectId'> & { projectId?: string | null },
    em?: EntityManager,
  ): Promise<void> {
    await this.keysIn(em).insert(key);
  }

  async replaceValue(
    userId: string,
    id: string,
    keyHash: string,
    expiredAt: Date | null,
    em?: EntityManager,
    projectId: string | null = null,
  ) {
    await this.keysIn(em).update({ id, userId }, { keyHash, expiredAt, projectId });
  }

  async delete(userId: string, id: string, em?: EntityManager): Promise<void> {
    await this.keysIn(em).delete({ id, userId });
  }

  /** Admin deletion of a user-less (agent) key. */
  async deleteUserless(id: string, em?: EntityManager): Promise<void> {
    await this.keysIn(em).delete({ id, userId: IsNull() });
  }

  /** Serialises key create/rotate per user, so the name check and the insert agree. */
  async lockUser(userId: string, em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`strongroom:apikeys:${userId}`]);
  }
}
