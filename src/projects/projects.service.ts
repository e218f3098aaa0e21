import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrgAccess } from '../access/org-access';
import { AuditLog } from '../audit/audit-log.service';
import { fieldChanges } from '../audit/field-changes';
import type { Principal } from '../identity/principal';
import { NotFoundText, ValidationFailed } from '../common/errors';
import { assertValidName } from '../common/names';
import { Paging } from '../common/paging';
import { CreateOrUpdateResult, GenericOperationResult, done } from '../common/results';
import { randomUuid } from '../crypto/random';
import { TransactionRunner, isUniqueViolation, violatedConstraint } from '../database/transaction';
import type { OrgEntity } from '../orgs/org.entity';
import { UserLookup } from '../users/user-lookup';
import { UsersRepository } from '../users/users.repository';
import { ProjectEntry, ProjectUpsertDto } from './dto/project.dto';
import { ProjectAccess } from '../access/project-access';
import type { ProjectEntity } from './project.entity';
import { toProjectEntry } from './projects.mapper';
import { REPO_ID_FIELD, woodpeckerRepoIdOf } from './repository-mapping';
import { ProjectsRepository } from './projects.repository';

@Injectable()
export class ProjectsService {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly users: UsersRepository,
    private readonly userLookup: UserLookup,
    private readonly orgAccess: OrgAccess,
    private readonly access: ProjectAccess,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  /** An update when `id` is given or the name exists in the org; otherwise a create (any org member). */
  async createOrUpdate(p: Principal, orgName: string, dto: ProjectUpsertDto): Promise<CreateOrUpdateResult> {
    const org = await this.orgAccess.resolveAsMember(p, orgName);
    try {
      return await this.tx.run(async (em) => {
        const existing = dto.id
          ? await this.projects.findById(org.id, dto.id, em)
          : dto.name !== undefined
            ? await this.projects.findByName(org.id, dto.name, em)
            : null;
        if (dto.id && !existing) throw new ValidationFailed(`Project not found: ${dto.id}`);
        return existing ? this.update(p, org, existing, dto, em) : this.create(p, org, dto, em);
      });
    } catch (error) {
      // A concurrent claim of the same repository, which the unique index caught.
      if (violatedConstraint(error) === REPO_MAPPING_INDEX) {
        const repoId = woodpeckerRepoIdOf(dto.meta)!;
        throw repoTaken(repoId, await this.projects.findByWoodpeckerRepoId(org.id, repoId));
      }
      // A rename (or a concurrent create) onto a taken name: Concord answers 500 here.
      if (isUniqueViolation(error)) throw new ValidationFailed(`Project already exists: ${dto.name ?? ''}`);
      throw error;
    }
  }

  /**
   * A Woodpecker repository maps to one project of the org; setting, changing or removing the
   * mapping needs the right to map repositories (src/access/project-policy.ts).
   */
  private async assertMappingChange(
    p: Principal,
    org: OrgEntity,
    project: ProjectEntity | null,
    meta: Record<string, unknown> | undefined,
    em: EntityManager,
  ): Promise<void> {
    if (meta === undefined) return;
    const repoId = woodpeckerRepoIdOf(meta);
    if (repoId === woodpeckerRepoIdOf(project?.meta)) return;
    await this.access.assertMayMapRepository(p, org);
    if (repoId === null) return;
    const holder = await this.projects.findByWoodpeckerRepoId(org.id, repoId, em);
    if (holder && holder.id !== project?.id) throw repoTaken(repoId, holder);
  }

  private async create(
    p: Principal,
    org: OrgEntity,
    dto: ProjectUpsertDto,
    em: EntityManager,
  ): Promise<CreateOrUpdateResult> {
    if (dto.name === undefined) throw new ValidationFailed("'name' is required", 'name');
    const name = assertValidName(dto.name, 'project name', 'name');
    await this.assertMappingChange(p, org, null, dto.meta, em);
    const ownerId = dto.owner ? (await this.userLookup.resolve(dto.owner, p.userType, em)).id : p.userId;
    const id = randomUuid();
    await this.projects.insert(
      {
        id,
        orgId: org.id,
        name,
        description: dto.description ?? null,
        visibility: dto.visibility ?? 'PUBLIC',
        ownerId,
        meta: dto.meta ?? null,
        cfg: dto.cfg ?? null,
      },
      em,
    );
    await this.audit.record(em, {
      object: 'PROJECT',
      action: 'CREATE',
      details: { orgId: org.id, orgName: org.name, projectId: id, projectName: name },
    });
    return { ok: true, id, result: 'CREATED' };
  }

  /** Only the fields present are written; `meta` and `cfg` are replaced whole. */
  private async update(
    p: Principal,
    org: OrgEntity,
    project: ProjectEntity,
    dto: ProjectUpsertDto,
    em: EntityManager,
  ): Promise<CreateOrUpdateResult> {
    await this.access.assert(p, org, project, 'WRITER');
    await this.assertMappingChange(p, org, project, dto.meta, em);
    const patch: Partial<ProjectEntity> = {};
    if (dto.name !== undefined && dto.name !== project.name) {
      patch.name = assertValidName(dto.name, 'project name', 'name');
    }
    if (dto.description !== undefined) patch.description = dto.description;
    if (dto.visibility) patch.visibility = dto.visibility;
    if (dto.meta) patch.meta = dto.meta;
    if (dto.cfg) patch.cfg = dto.cfg;
    if (dto.owner) {
      const owner = await this.userLookup.resolve(dto.owner, p.userType, em);
      if (owner.id !== project.ownerId) {
        await this.access.assert(p, org, project, 'OWNER');
        patch.ownerId = owner.id;
      }
    }
    const changes = fieldChanges(project, patch, ['meta', 'cfg']);
    if (changes) {
      await this.projects.update(org.id, project.id, patch, em);
      await this.audit.record(em, {
        object: 'PROJECT',
        action: 'UPDATE',
        details: { orgId: org.id, orgName: org.name, projectId: project.id, projectName: project.name, changes },
      });
    }
    return { ok: true, id: project.id, result: 'UPDATED' };
  }

  async get(p: Principal, orgName: string, projectName: string): Promise<ProjectEntry> {
    const org = await this.orgAccess.resolve(orgName);
    const project = await this.require(org, projectName);
    await this.access.assert(p, org, project, 'READER');
    const owner = project.ownerId ? await this.users.findById(project.ownerId) : null;
    return toProjectEntry(project, org, owner, true);
  }

  /** Callers who are not members see only PUBLIC projects and the ones they own. */
  async list(p: Principal, orgName: string, paging: Paging): Promise<ProjectEntry[]> {
    const org = await this.orgAccess.resolve(orgName);
    const projects = await this.projects.list(org.id, paging, await this.access.listFilter(p, org));
    const ownerIds = [...new Set(projects.map((x) => x.ownerId).filter((id): id is string => !!id))];
    const owners = new Map((await this.users.findByIds(ownerIds)).map((u) => [u.id, u]));
    return projects.map((x) => toProjectEntry(x, org, x.ownerId ? owners.get(x.ownerId) : undefined));
  }

  async delete(p: Principal, orgName: string, projectName: string): Promise<GenericOperationResult> {
    const org = await this.orgAccess.resolve(orgName);
    const project = await this.require(org, projectName);
    await this.access.assert(p, org, project, 'OWNER');
    await this.tx.run(async (em) => {
      await this.projects.delete(org.id, project.id, em);
      await this.audit.record(em, {
        object: 'PROJECT',
        action: 'DELETE',
        details: { orgId: org.id, orgName: org.name, projectId: project.id, projectName: project.name },
      });
    });
    return done('DELETED');
  }

  private async require(org: OrgEntity, projectName: string): Promise<ProjectEntity> {
    const project = await this.projects.findByName(org.id, projectName);
    if (!project) throw new NotFoundText(`Project not found: ${projectName}`);
    return project;
  }
}

const REPO_MAPPING_INDEX = 'projects_woodpecker_repo_uq';

function repoTaken(repoId: string, holder: Pick<ProjectEntity, 'name'> | null): ValidationFailed {
  return new ValidationFailed(
    `Woodpecker repository ${repoId} is already mapped to project '${holder?.name ?? '?'}'`,
    REPO_ID_FIELD,
  );
}
