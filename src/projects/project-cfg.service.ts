import { Injectable } from '@nestjs/common';
import { OrgAccess } from '../access/org-access';
import { ProjectAccess } from '../access/project-access';
import { AuditLog } from '../audit/audit-log.service';
import { fieldChanges } from '../audit/field-changes';
import type { Principal } from '../identity/principal';
import { BadRequest, NotFoundText } from '../common/errors';
import { GenericOperationResult, done } from '../common/results';
import { TransactionRunner } from '../database/transaction';
import { ProjectsRepository } from './projects.repository';

/** A project's configuration object (`cfg`), as the console's Configuration tab reads and replaces it. */
@Injectable()
export class ProjectCfgService {
  constructor(
    private readonly orgAccess: OrgAccess,
    private readonly access: ProjectAccess,
    private readonly projects: ProjectsRepository,
    private readonly audit: AuditLog,
    private readonly tx: TransactionRunner,
  ) {}

  /** READER; a project that never had one answers `{}`. */
  async get(p: Principal, orgName: string, projectName: string): Promise<Record<string, unknown>> {
    const org = await this.orgAccess.resolve(orgName);
    const project = await this.projects.findByName(org.id, projectName);
    if (!project) throw new NotFoundText(`Project not found: ${projectName}`);
    await this.access.assert(p, org, project, 'READER');
    return project.cfg ?? {};
  }

  /** WRITER, as for any other change of the project; the object replaces the old one whole. */
  async replace(p: Principal, orgName: string, projectName: string, cfg: unknown): Promise<GenericOperationResult> {
    if (typeof cfg !== 'object' || cfg === null || Array.isArray(cfg)) {
      throw new BadRequest('The configuration must be a JSON object');
    }
    const org = await this.orgAccess.resolve(orgName);
    await this.tx.run(async (em) => {
      const project = await this.projects.findByName(org.id, projectName, em);
      if (!project) throw new NotFoundText(`Project not found: ${projectName}`);
      await this.access.assert(p, org, project, 'WRITER');
      const patch = { cfg: cfg as Record<string, unknown> };
      const changes = fieldChanges(project, patch, ['cfg']);
      if (!changes) return;
      await this.projects.update(org.id, project.id, patch, em);
      await this.audit.record(em, {
        object: 'PROJECT',
        action: 'UPDATE',
        details: { orgId: org.id, orgName: org.name, projectId: project.id, projectName: project.name, changes },
      });
    });
    return done('UPDATED');
  }
}
