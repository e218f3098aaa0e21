import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log.service';
import { FieldChange, fieldChanges } from '../audit/field-changes';
import { assertManagesUsers, assertReadsUser } from '../access/account-access';
import { SessionsRepository } from '../auth/sessions.repository';
import { Principal, toRoles } from '../identity/principal';
import { BadRequest, NotFoundText, ValidationFailed } from '../common/errors';
import { assertUuid } from '../common/names';
import { GenericOperationResult, OkResult, done } from '../common/results';
import { PasswordHasher } from '../crypto/password-hasher';
import { randomUuid } from '../crypto/random';
import { TransactionRunner } from '../database/transaction';
import { TeamsRepository } from '../teams/teams.repository';
import { DEFAULT_ORG_ID, DEFAULT_TEAM_ID } from './default-team';
import { CreateUserResult, UpdateUserRolesDto, UserEntry, UserSearchQuery, UserUpsertDto } from './dto/user.dto';
import { ADMIN_USER_ID, UserEntity, UserType } from './user.entity';
import { toUserEntry } from './users.mapper';
import { UsersRepository } from './users.repository';

/** Users API. Everything but reading oneself and searching is admin-only. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly teams: TeamsRepository,
    private readonly sessions: SessionsRepository,
    private readonly hasher: PasswordHasher,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  /** Create or update by (lower(username), lower(domain), type); new users join the Default org's default team. */
  async createOrUpdate(p: Principal, dto: UserUpsertDto): Promise<CreateUserResult> {
    assertManagesUsers(p);
    const type: UserType = dto.type ?? dto.userType ?? 'LOCAL';
    if (type === 'SSO') throw new BadRequest('User of type SSO cannot be created');
    if (dto.password != null && type !== 'LOCAL') {
      throw new ValidationFailed('Only LOCAL users can have a password', 'password');
    }
    const username = dto.username.toLowerCase();
    const domain = dto.userDomain ? dto.userDomain.toLowerCase() : null;
    // Hash before the transaction: argon2 is slow and must not hold a connection or a lock.
    const passwordHash = dto.password != null ? await this.hasher.hash(dto.password) : undefined;
    const roles = dto.roles != null ? toRoles(dto.roles) : undefined;
    const disabled = dto.disabled ?? false;

    return this.tx.run(async (em) => {
      await this.users.lockIdentity(username, domain, type, em);
      const existing = await this.users.findByIdentity(username, domain, type, em);
      if (existing) {
        if (existing.permanentlyDisabled) throw new BadRequest('User is permanently disabled');
        const patch: Partial<UserEntity> = { disabled };
        if (disabled !== existing.disabled) patch.disabledDate = disabled ? new Date() : null;
        if (dto.displayName != null) patch.displayName = dto.displayName;
        if (dto.email != null) patch.email = dto.email;
        if (roles) patch.roles = roles;
        if (passwordHash) patch.passwordHash = passwordHash;
        await this.users.update(existing.id, patch, em);
        const { disabledDate: _date, passwordHash: _hash, ...compared } = patch;
        const changes: Record<string, FieldChange> = fieldChanges(existing, compared) ?? {};
        // The hash is not loaded (select: false) and never compared: a password sent counts as changed.
        if (passwordHash) changes.password = 'changed';
        if (Object.keys(changes).length > 0) await this.recordUser(em, 'UPDATE', existing, changes);
        // A console session never outlives the password it was opened with, nor a disabling.
        if (passwordHash || disabled) await this.sessions.deleteForUser(existing.id, em);
        return { ok: true, id: existing.id, username: existing.username, result: 'UPDATED' };
      }
      const id = randomUuid();
      await this.users.insert(
        {
          id,
          username,
          domain,
          type,
          displayName: dto.displayName ?? null,
          email: dto.email ?? null,
          roles: roles ?? [],
          disabled,
          disabledDate: disabled ? new Date() : null,
          passwordHash: passwordHash ?? null,
        },
        em,
      );
      // Concord puts every new user in Default/default; the team may have been deleted since.
      if (await this.teams.findById(DEFAULT_ORG_ID, DEFAULT_TEAM_ID, em)) {
        await this.teams.upsertMember(DEFAULT_ORG_ID, DEFAULT_TEAM_ID, id, 'MEMBER', em);
      }
      await this.recordUser(em, 'CREATE', { id, username }, createdFields(type, domain, roles, disabled, passwordHash));
      return { ok: true, id, username, result: 'CREATED' };
    });
  }

  /** Looked up with the caller's user type and any domain, as Concord does. */
  async findByUsername(p: Principal, username: string): Promise<UserEntry> {
    assertManagesUsers(p);
    return this.withDetails(await this.byUsername(username, p.userType));
  }

  async disable(p: Principal, id: string, permanent: boolean): Promise<UserEntry> {
    assertManagesUsers(p);
    const userId = assertUuid(id, 'id');
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundText(`User not found: ${id}`);
    const patch: Partial<UserEntity> = { disabled: true, disabledDate: user.disabledDate ?? new Date() };
    if (permanent) patch.permanentlyDisabled = true;
    await this.tx.run(async (em) => {
      await this.users.update(userId, patch, em);
      await this.sessions.deleteForUser(userId, em);
      const { disabledDate: _date, ...compared } = patch;
      const changes = fieldChanges(user, compared);
      if (changes) await this.recordUser(em, 'UPDATE', user, changes);
    });
    return this.withDetails({ ...user, ...patch });
  }

  /** API keys, console sessions and team memberships cascade; owned orgs and projects keep a NULL owner. */
  async delete(p: Principal, id: string): Promise<OkResult> {
    assertManagesUsers(p);
    const userId = assertUuid(id, 'id');
    if (userId === ADMIN_USER_ID) throw new BadRequest('The built-in admin user cannot be deleted');
    const user = await this.users.findById(userId);
    if (!user) throw new ValidationFailed(`User not found: ${id}`);
    await this.tx.run(async (em) => {
      await this.users.delete(userId, em);
      await this.recordUser(em, 'DELETE', user);
    });
    return { ok: true };
  }

  async updateRoles(p: Principal, username: string, dto: UpdateUserRolesDto): Promise<GenericOperationResult> {
    assertManagesUsers(p);
    const user = await this.byUsername(username, p.userType);
    const roles = toRoles(dto.roles);
    await this.tx.run(async (em) => {
      await this.users.update(user.id, { roles }, em);
      const changes = fieldChanges(user, { roles });
      if (changes) await this.recordUser(em, 'UPDATE', user, changes);
    });
    return done('UPDATED');
  }

  /** Self, admin or global reader. The access check comes first so ids of others are not probed. */
  async get(p: Principal, id: string): Promise<UserEntry> {
    const userId = assertUuid(id, 'id');
    assertReadsUser(p, userId);
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundText(`User not found: ${id}`);
    return this.withDetails(user);
  }

  /** Active users matching the filter; without a filter Concord answers an empty list. */
  async search(query: UserSearchQuery): Promise<UserEntry[]> {
    if (!query.filter) return [];
    const rows = await this.users.search(query.filter, query.offset ?? 0, query.limit ?? 10);
    return rows.map((u) => toUserEntry(u));
  }

  /** USER events carry ids, names and a field diff; a password shows up as "changed", never its value. */
  private recordUser(
    em: EntityManager,
    action: 'CREATE' | 'UPDATE' | 'DELETE',
    user: Pick<UserEntity, 'id' | 'username'>,
    changes?: Record<string, FieldChange>,
  ): Promise<void> {
    const details: Record<string, unknown> = { userId: user.id, username: user.username };
    if (changes) details.changes = changes;
    return this.audit.record(em, { object: 'USER', action, details });
  }

  private async byUsername(username: string, type: UserType): Promise<UserEntity> {
    const matches = await this.users.findByUsername(username, type);
    if (matches.length === 0) throw new NotFoundText(`User not found: ${username}`);
    if (matches.length > 1) {
      throw new ValidationFailed(`Non unique results found for username: ${username}`);
    }
    return matches[0];
  }

  private async withDetails(user: UserEntity): Promise<UserEntry> {
    return toUserEntry(user, { orgs: await this.users.orgsOf(user.id) });
  }
}

/** The CREATE diff: what the new user was given (no display name or e-mail values, no password). */
function createdFields(
  type: UserType,
  domain: string | null,
  roles: string[] | undefined,
  disabled: boolean,
  passwordHash: string | undefined,
): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = { type: { old: null, new: type } };
  if (domain) changes.domain = { old: null, new: domain };
  if (roles && roles.length > 0) changes.roles = { old: null, new: roles };
  if (disabled) changes.disabled = { old: null, new: true };
  if (passwordHash) changes.password = 'changed';
  return changes;
}
