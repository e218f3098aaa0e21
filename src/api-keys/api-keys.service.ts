import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log.service';
import { assertManagesKeysOf, assertMaySpecifyKeyValue } from '../access/account-access';
import type { Principal } from '../identity/principal';
import { ValidationFailed } from '../common/errors';
import { NAME_PATTERN, NAME_PATTERN_SOURCE, assertUuid } from '../common/names';
import { GenericOperationResult, done } from '../common/results';
import { generateApiKey, hashApiKey } from '../crypto/api-key-hash';
import { randomUuid } from '../crypto/random';
import { TransactionRunner, isUniqueViolation } from '../database/transaction';
import { OrgAccess } from '../access/org-access';
import { ProjectsRepository } from '../projects/projects.repository';
import { UserLookup } from '../users/user-lookup';
import { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import type { ApiKeyEntity } from './api-key.entity';
import { toApiKeyEntry } from './api-keys.mapper';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeyEntry, CreateApiKeyDto, CreateApiKeyResult } from './dto/api-key.dto';

/**
 * v1 creates only (the name must follow the key rule and be new); v2 creates or rotates the key
 * of that name and skips the rule, as Concord does.
 */
export type ApiKeyApiVersion = 'v1' | 'v2';

/** API keys: a user manages their own keys; admins manage anyone's. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly users: UsersRepository,
    private readonly userLookup: UserLookup,
    private readonly orgAccess: OrgAccess,
    private readonly projects: ProjectsRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  async create(p: Principal, dto: CreateApiKeyDto, version: ApiKeyApiVersion): Promise<CreateApiKeyResult> {
    const user = await this.resolveTarget(p, dto);
    const { key, keyHash } = this.keyValue(p, dto.key);
    const name = this.keyName(dto.name, version);
    const projectId = await this.resolveProject(p, dto);
    try {
      return await this.tx.run(async (em) => {
        await this.keys.lockUser(user.id, em);
        const existing = await this.keys.findByName(user.id, name, em);
        if (existing && version === 'v1') throw new ValidationFailed(`API key with name '${name}' already exists`);
        if (existing) {
          await this.keys.replaceValue(user.id, existing.id, keyHash, null, em, projectId);
          await this.recordKey(em, 'UPDATE', { id: existing.id, name, userId: user.id, expiredAt: null, projectId });
          return { ok: true, id: existing.id, name, key, result: 'UPDATED' };
        }
        const id = randomUuid();
        await this.keys.insert({ id, userId: user.id, name, keyHash, expiredAt: null, projectId }, em);
        await this.recordKey(em, 'CREATE', { id, name, userId: user.id, expiredAt: null, projectId });
        return { ok: true, id, name, key, result: 'CREATED' };
      });
    } catch (error) {
      // Names are serialised by the lock, so the one unique index left to trip is the key value's.
      if (isUniqueViolation(error)) throw new ValidationFailed('This API key value is already in use', 'key');
      throw error;
    }
  }

  /**
   * A key bound to a project acts for it (our stand-in for Concord's process session token): only
   * such keys read project-scoped secrets. The caller must be a member of the project's org.
   */
  private async resolveProject(p: Principal, dto: CreateApiKeyDto): Promise<string | null> {
    if (!dto.projectName) {
      if (dto.orgName) throw new ValidationFailed("'projectName' is required with 'orgName'", 'projectName');
      return null;
    }
    if (!dto.orgName) throw new ValidationFailed("'orgName' is required with 'projectName'", 'orgName');
    const org = await this.orgAccess.resolveAsMember(p, dto.orgName);
    const project = await this.projects.findByName(org.id, dto.projectName);
    if (!project) throw new ValidationFailed(`Project not found: ${dto.projectName}`);
    return project.id;
  }

  async list(p: Principal, userId: string | undefined): Promise<ApiKeyEntry[]> {
    let ownerId = p.userId;
    if (userId) {
      ownerId = assertUuid(userId, 'userId');
      assertManagesKeysOf(p, ownerId);
      if (ownerId !== p.userId && !(await this.users.findById(ownerId))) {
        throw new ValidationFailed(`User not found: ${userId}`);
      }
    }
    return (await this.keys.listByUser(ownerId)).map(toApiKeyEntry);
  }

  async delete(p: Principal, id: string): Promise<GenericOperationResult> {
    const keyId = assertUuid(id, 'id');
    const key = await this.keys.findById(keyId);
    if (!key) throw new ValidationFailed(`API key not found: ${id}`);
    assertManagesKeysOf(p, key.userId);
    await this.tx.run(async (em) => {
      if (key.userId) await this.keys.delete(key.userId, keyId, em);
      else await this.keys.deleteUserless(keyId, em);
      await this.recordKey(em, 'DELETE', key);
    });
    return done('DELETED');
  }

  /** API_KEY events name the key by id and name; the key value and its hash never go in. */
  private recordKey(
    em: EntityManager,
    action: 'CREATE' | 'UPDATE' | 'DELETE',
    key: Pick<ApiKeyEntity, 'id' | 'name' | 'userId' | 'expiredAt' | 'projectId'>,
  ): Promise<void> {
    const details: Record<string, unknown> = {
      id: key.id,
      name: key.name,
      userId: key.userId,
      expiredAt: key.expiredAt?.toISOString() ?? null,
    };
    // A key bound to a project acts for it: its events show up under that project's filter too.
    if (key.projectId) details.projectId = key.projectId;
    return this.audit.record(em, { object: 'API_KEY', action, details });
  }

  /**
   * userId, else username (+domain, type defaulting to the caller's), else the caller. A non-admin
   * gets the same 403 for another user and for an unknown one (src/access/account-access.ts).
   */
  private async resolveTarget(p: Principal, dto: CreateApiKeyDto): Promise<UserEntity> {
    const ref = {
      id: dto.userId ?? undefined,
      username: dto.username ?? undefined,
      userDomain: dto.userDomain ?? undefined,
      userType: dto.userType ?? undefined,
    };
    if (!ref.id && !ref.username) {
      // The caller's own record: gone only if the user was deleted while this request ran.
      const self = await this.users.findById(p.userId);
      if (!self) throw new ValidationFailed(`User not found: ${p.userId}`);
      return self;
    }
    // Checked before the look-up, so that another user's id is never probed.
    if (ref.id) assertManagesKeysOf(p, ref.id.toLowerCase());
    const user = await this.userLookup.resolve(ref, p.userType).catch((error: unknown) => {
      if (error instanceof ValidationFailed) assertManagesKeysOf(p, undefined);
      throw error;
    });
    assertManagesKeysOf(p, user.id);
    return user;
  }

  private keyValue(p: Principal, requested: string | null | undefined): { key: string; keyHash: string } {
    if (requested == null) {
      const key = generateApiKey();
      return { key, keyHash: hashApiKey(key)! };
    }
    assertMaySpecifyKeyValue(p);
    const keyHash = hashApiKey(requested);
    if (!keyHash) throw new ValidationFailed('Invalid API key value: must be base64', 'key');
    return { key: requested.trim(), keyHash };
  }

  private keyName(requested: string | null | undefined, version: ApiKeyApiVersion): string {
    const name = requested?.trim();
    if (!name) return version === 'v1' ? `key-${randomUuid()}` : `key#${randomUuid()}`;
    if (version === 'v1' && !NAME_PATTERN.test(name)) {
      throw new ValidationFailed(`Invalid API key name. Must match ${NAME_PATTERN_SOURCE}`, 'name');
    }
    if (name.length > 128) throw new ValidationFailed('API key name must be at most 128 characters long', 'name');
    return name;
  }
}
