import { Injectable } from '@nestjs/common';
import { OrgAccess } from '../access/org-access';
import type { Principal } from '../identity/principal';
import { BadRequest, ValidationFailed } from '../common/errors';
import { assertValidName } from '../common/names';
import { Paging } from '../common/paging';
import { CreateOrUpdateResult, GenericOperationResult, done } from '../common/results';
import { AuditLog } from '../audit/audit-log.service';
import { fieldChanges } from '../audit/field-changes';
import { randomUuid } from '../crypto/random';
import { TransactionRunner, isUniqueViolation } from '../database/transaction';
import { TeamsRepository } from '../teams/teams.repository';
import { UserLookup } from '../users/user-lookup';
import { UsersRepository } from '../users/users.repository';
import { OrgEntry, OrgUpsertDto } from './dto/org.dto';
import { OrgEntity } from './org.entity';
import { toOrgEntry } from './orgs.mapper';
import { OrgsRepository } from './orgs.repository';

export const DEFAULT_ORG_NAME = 'Default';

@Injectable()
export class OrgsService {
  constructor(
    private readonly orgs: OrgsRepository,
    private readonly teams: TeamsRepository,
    private readonly users: UsersRepository,
    private readonly userLookup: UserLookup,
    private readonly access: OrgAccess,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  async createOrUpdate(p: Principal, dto: OrgUpsertDto): Promise<CreateOrUpdateResult> {
    try {
      return await this.tx.run(async (em) => {
        await this.orgs.lockForUpsert(em);
        const existing = dto.id
          ? await this.orgs.findById(dto.id, em)
          : dto.name
            ? await this.orgs.findByName(dto.name, em)
            : null;
        if (dto.id && !existing) throw new ValidationFailed(`Organization not found: ${dto.id}`);
        if (existing) {
          this.access.assertCanUpdate(p, existing);
          const patch: Partial<OrgEntity> = {};
          if (dto.name !== undefined && dto.name !== existing.name) {
            patch.name = assertValidName(dto.name, 'organization name', 'name');
          }
          if (dto.owner) patch.ownerId = (await this.userLookup.resolve(dto.owner, p.userType, em)).id;
          if (dto.visibility) patch.visibility = dto.visibility;
          if (dto.meta) patch.meta = dto.meta;
          if (dto.cfg) patch.cfg = dto.cfg;
          const changes = fieldChanges(existing, patch, ['meta', 'cfg']);
          if (changes) {
            await this.orgs.update(existing.id, patch, em);
            await this.audit.record(em, {
              object: 'ORGANIZATION',
              action: 'UPDATE',
              details: { orgId: existing.id, orgName: patch.name ?? existing.name, changes },
            });
          }
          return { ok: true, id: existing.id, result: 'UPDATED' };
        }
        this.access.assertCanCreate(p);
        if (!dto.name) throw new ValidationFailed("'name' is required", 'name');
        const name = assertValidName(dto.name, 'organization name', 'name');
        const ownerId = dto.owner ? (await this.userLookup.resolve(dto.owner, p.userType, em)).id : p.userId;
        const id = randomUuid();
        await this.orgs.insert(
          { id, name, ownerId, visibility: dto.visibility ?? 'PUBLIC', meta: dto.meta ?? null, cfg: dto.cfg ?? null },
          em,
        );
        const teamId = randomUuid();
        await this.teams.insert({ id: teamId, orgId: id, name: 'default', description: 'Default team' }, em);
        await this.teams.upsertMember(id, teamId, ownerId, 'OWNER', em);
        await this.audit.record(em, {
          object: 'ORGANIZATION',
          action: 'CREATE',
          details: { orgId: id, orgName: name },
        });
        return { ok: true, id, result: 'CREATED' };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ValidationFailed(`Organization already exists: ${dto.name ?? ''}`);
      throw error;
    }
  }

  /** Missing org → 404 (Concord: 204). A PRIVATE org is only shown to those who may list it. */
  async get(p: Principal, orgName: string): Promise<OrgEntry> {
    const org = await this.access.assertVisible(p, await this.orgs.findByName(orgName), orgName);
    const owner = org.ownerId ? await this.users.findById(org.ownerId) : null;
    return toOrgEntry(org, owner);
  }

  async list(p: Principal, paging: Paging, onlyCurrent: boolean): Promise<OrgEntry[]> {
    const filter = this.access.listFilter(p);
    const orgs = await this.orgs.list(paging, filter ? { ...filter, onlyCurrent } : null);
    const ownerIds = [...new Set(orgs.map((o) => o.ownerId).filter((id): id is string => !!id))];
    const owners = new Map((await this.users.findByIds(ownerIds)).map((u) => [u.id, u]));
    return orgs.map((o) => toOrgEntry(o, o.ownerId ? owners.get(o.ownerId) : undefined));
  }

  async delete(p: Principal, orgName: string, confirmation: string | undefined): Promise<GenericOperationResult> {
    if ((confirmation ?? '').toLowerCase() !== 'yes') throw new BadRequest('Operation must be confirmed');
    this.access.assertCanDelete(p);
    const org = await this.access.resolve(orgName);
    if (org.name === DEFAULT_ORG_NAME) throw new BadRequest(`The '${DEFAULT_ORG_NAME}' organization cannot be deleted`);
    // Teams, projects and secrets go with the org (foreign keys cascade; Concord orphans teams).
    await this.tx.run(async (em) => {
      await this.orgs.delete(org.id, em);
      await this.audit.record(em, {
        object: 'ORGANIZATION',
        action: 'DELETE',
        details: { orgId: org.id, orgName: org.name },
      });
    });
    return done('DELETED');
  }
}
