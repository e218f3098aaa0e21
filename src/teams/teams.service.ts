import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrgAccess } from '../access/org-access';
import { AuditLog } from '../audit/audit-log.service';
import { fieldChanges } from '../audit/field-changes';
import type { Principal } from '../identity/principal';
import { ValidationFailed } from '../common/errors';
import { assertValidName } from '../common/names';
import { CreateOrUpdateResult, GenericOperationResult, done } from '../common/results';
import { randomUuid } from '../crypto/random';
import { TransactionRunner, isUniqueViolation } from '../database/transaction';
import type { OrgEntity } from '../orgs/org.entity';
import { TeamEntry, TeamUpsertDto } from './dto/team.dto';
import { TeamAccess } from '../access/team-access';
import { requireTeam } from './team-lookup';
import type { TeamEntity } from './team.entity';
import { toTeamEntry } from './teams.mapper';
import { TeamsRepository } from './teams.repository';

@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly orgAccess: OrgAccess,
    private readonly teamAccess: TeamAccess,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  /** An update when `id` is given or the name exists in the org; otherwise a create. */
  async createOrUpdate(p: Principal, orgName: string, dto: TeamUpsertDto): Promise<CreateOrUpdateResult> {
    const org = await this.orgAccess.resolveAsMember(p, orgName);
    try {
      return await this.tx.run(async (em) => {
        const existing = dto.id
          ? await this.teams.findById(org.id, dto.id, em)
          : dto.name !== undefined
            ? await this.teams.findByName(org.id, dto.name, em)
            : null;
        if (dto.id && !existing) throw new ValidationFailed(`Team not found: ${dto.id}`);
        return existing ? this.update(p, org, existing, dto, em) : this.create(p, org, dto, em);
      });
    } catch (error) {
      // A rename (or a concurrent create) onto a taken name: Concord answers 500 here.
      if (isUniqueViolation(error)) throw new ValidationFailed(`Team already exists: ${dto.name ?? ''}`);
      throw error;
    }
  }

  private async create(
    p: Principal,
    org: OrgEntity,
    dto: TeamUpsertDto,
    em: EntityManager,
  ): Promise<CreateOrUpdateResult> {
    if (dto.name === undefined) throw new ValidationFailed("'name' is required", 'name');
    const name = assertValidName(dto.name, 'team name', 'name');
    await this.teamAccess.assertCanCreate(p, org);
    const id = randomUuid();
    await this.teams.insert({ id, orgId: org.id, name, description: dto.description ?? null }, em);
    // As in Concord, the creator maintains the new team (even an admin or the org owner).
    await this.teams.upsertMember(org.id, id, p.userId, 'MAINTAINER', em);
    await this.audit.record(em, {
      object: 'TEAM',
      action: 'CREATE',
      details: { orgId: org.id, orgName: org.name, teamId: id, teamName: name },
    });
    return { ok: true, result: 'CREATED', id };
  }

  private async update(
    p: Principal,
    org: OrgEntity,
    team: TeamEntity,
    dto: TeamUpsertDto,
    em: EntityManager,
  ): Promise<CreateOrUpdateResult> {
    await this.teamAccess.assertTeamRole(p, org, team, 'MAINTAINER');
    const patch: Partial<Pick<TeamEntity, 'name' | 'description'>> = {};
    if (dto.name !== undefined && dto.name !== team.name) patch.name = assertValidName(dto.name, 'team name', 'name');
    if (dto.description !== undefined) patch.description = dto.description;
    const changes = fieldChanges(team, patch);
    if (changes) {
      await this.teams.update(org.id, team.id, patch, em);
      await this.audit.record(em, {
        object: 'TEAM',
        action: 'UPDATE',
        details: { orgId: org.id, orgName: org.name, teamId: team.id, teamName: team.name, changes },
      });
    }
    return { ok: true, result: 'UPDATED', id: team.id };
  }

  /** Any authenticated caller may list the teams of an existing org, as in Concord. */
  async list(orgName: string): Promise<TeamEntry[]> {
    const org = await this.orgAccess.resolve(orgName);
    const teams = await this.teams.list(org.id);
    return teams.map((team) => toTeamEntry(team, org));
  }

  async get(p: Principal, orgName: string, teamName: string): Promise<TeamEntry> {
    const org = await this.orgAccess.resolveAsMember(p, orgName);
    return toTeamEntry(await requireTeam(this.teams, org, teamName), org);
  }

  async delete(p: Principal, orgName: string, teamName: string): Promise<GenericOperationResult> {
    const org = await this.orgAccess.resolveAsMember(p, orgName);
    const team = await requireTeam(this.teams, org, teamName);
    await this.teamAccess.assertTeamRole(p, org, team, 'OWNER');
    // Memberships go with the team (foreign key cascade).
    await this.tx.run(async (em) => {
      await this.teams.delete(org.id, team.id, em);
      await this.audit.record(em, {
        object: 'TEAM',
        action: 'DELETE',
        details: { orgId: org.id, orgName: org.name, teamId: team.id, teamName: team.name },
      });
    });
    return done('DELETED');
  }
}
