import { Injectable } from '@nestjs/common';
import { AuditAccess } from '../access/audit-access';
import { OrgAccess } from '../access/org-access';
import type { Principal } from '../identity/principal';
import { ValidationFailed } from '../common/errors';
import type { OrgEntity } from '../orgs/org.entity';
import { ProjectsRepository } from '../projects/projects.repository';
import { SecretsRepository } from '../secrets/secrets.repository';
import { TeamsRepository } from '../teams/teams.repository';
import type { DetailFilter } from './audit-filter';
import { AuditEventsRepository } from './audit-events.repository';

const ORG_REQUIRED = "'orgId' or 'orgName' is required";

type Containment = Record<string, unknown>[];

/**
 * Turns the `details.*` filters into JSONB containment conditions, asking `src/access/` on the way
 * whether the caller may see each entity named. Fix over Concord: `source`/`eventId` narrow a
 * search but do not open it, so they no longer let any user read the matching events; `teamId`
 * alone works.
 */
@Injectable()
export class AuditScope {
  constructor(
    private readonly events: AuditEventsRepository,
    private readonly orgAccess: OrgAccess,
    private readonly access: AuditAccess,
    private readonly projects: ProjectsRepository,
    private readonly secrets: SecretsRepository,
    private readonly teams: TeamsRepository,
  ) {}

  async resolve(p: Principal, d: Partial<Record<DetailFilter, string>>): Promise<Containment[]> {
    const containing: Containment[] = [];
    const org = d.orgId
      ? await this.orgAccess.resolveById(d.orgId)
      : d.orgName
        ? await this.orgAccess.resolve(d.orgName)
        : undefined;
    if (org) {
      await this.access.assertOrgFilter(p, org);
      containing.push([{ orgId: org.id }]);
    }
    let entity = org !== undefined;
    if (d.projectId || d.projectName) {
      const projectId = await this.project(p, org, d.projectId, d.projectName);
      // Secret events list their links as `projectIds`.
      containing.push([{ projectId }, { projectIds: [projectId] }]);
      entity = true;
    }
    if (d.secretId || d.secretName) {
      containing.push([{ secretId: await this.secret(p, org, d.secretId, d.secretName) }]);
      entity = true;
    }
    if (d.teamId || d.teamName) {
      containing.push([{ teamId: await this.team(p, org, d.teamId, d.teamName) }]);
      entity = true;
    }
    if (d.source) containing.push([{ source: d.source }]);
    if (d.eventId) containing.push([{ eventId: d.eventId }]);
    if (!entity) this.access.assertUnfiltered(p);
    return containing;
  }

  private async project(p: Principal, given: OrgEntity | undefined, id?: string, name?: string): Promise<string> {
    const org = await this.orgOf('project', given, id);
    const project = id ? await this.projects.findById(org.id, id) : await this.projects.findByName(org.id, name!);
    if (!project) throw new ValidationFailed(`Project not found: ${id ?? name}`);
    await this.access.assertProjectFilter(p, org, project);
    return project.id;
  }

  private async secret(p: Principal, given: OrgEntity | undefined, id?: string, name?: string): Promise<string> {
    const org = await this.orgOf('secret', given, id);
    const secretName = id ? (await this.events.locate('secret', id))?.name : name;
    const secret = secretName ? await this.secrets.findByName(org.id, secretName) : null;
    if (!secret || (id && secret.id !== id)) throw new ValidationFailed(`Secret not found: ${id ?? name}`);
    await this.access.assertSecretFilter(p, org, secret);
    return secret.id;
  }

  private async team(p: Principal, given: OrgEntity | undefined, id?: string, name?: string): Promise<string> {
    const org = await this.orgOf('team', given, id);
    const team = id ? await this.teams.findById(org.id, id) : await this.teams.findByName(org.id, name!);
    if (!team) throw new ValidationFailed(`Team not found: ${id ?? name}`);
    await this.access.assertTeamFilter(p, org);
    return team.id;
  }

  /** The org given in the filter, else (for a lookup by id) the entity's own org. */
  private async orgOf(kind: 'project' | 'secret' | 'team', given: OrgEntity | undefined, id?: string) {
    if (given) return given;
    if (!id) throw new ValidationFailed(ORG_REQUIRED);
    const where = await this.events.locate(kind, id);
    if (!where) throw new ValidationFailed(`${kind[0].toUpperCase()}${kind.slice(1)} not found: ${id}`);
    return this.orgAccess.resolveById(where.orgId);
  }
}
