import { Injectable } from '@nestjs/common';
import type { AccessLevel } from '../access/levels';
import { OrgAccess } from '../access/org-access';
import { ProjectAccess } from '../access/project-access';
import { AuditLog } from '../audit/audit-log.service';
import type { Principal } from '../identity/principal';
import { NotFoundText, ValidationFailed } from '../common/errors';
import { GenericOperationResult, done } from '../common/results';
import { TransactionRunner } from '../database/transaction';
import type { OrgEntity } from '../orgs/org.entity';
import type { AccessEntryDto } from '../secrets/dto/access-entry.dto';
import { parseEntries } from '../secrets/secret-access-rules.service';
import { TeamsRepository } from '../teams/teams.repository';
import { ProjectAccessRuleEntry } from './dto/project-access.dto';
import type { ProjectEntity } from './project.entity';
import { ProjectTeamAccessRepository } from './project-team-access.repository';
import { ProjectsRepository } from './projects.repository';

/** Team access levels on a project: who may see and change them, and the change itself with its audit. */
@Injectable()
export class ProjectTeamAccessService {
  constructor(
    private readonly orgAccess: OrgAccess,
    private readonly access: ProjectAccess,
    private readonly projects: ProjectsRepository,
    private readonly teams: TeamsRepository,
    private readonly rules: ProjectTeamAccessRepository,
    private readonly audit: AuditLog,
    private readonly tx: TransactionRunner,
  ) {}

  /** READER of the project. */
  async list(p: Principal, orgName: string, projectName: string): Promise<ProjectAccessRuleEntry[]> {
    const org = await this.orgAccess.resolve(orgName);
    const project = await this.require(org, projectName);
    await this.access.assertMayReadTeamAccess(p, org, project);
    return this.rules.list(project.id);
  }

  /** One team's level (upsert), or (`replace`) the list that replaces every rule. OWNER, members-only. */
  async write(
    p: Principal,
    orgName: string,
    projectName: string,
    body: unknown,
    replace: boolean,
  ): Promise<GenericOperationResult> {
    const org = await this.orgAccess.resolve(orgName);
    const project = await this.require(org, projectName);
    await this.access.assertMayChangeTeamAccess(p, org, project);
    const entries = await parseEntries(body, replace);
    // One rule per team; a later entry for the same team wins.
    const byTeam = new Map<string, AccessLevel>();
    for (const entry of entries) byTeam.set(await this.resolveTeam(org, entry), entry.level);
    const rules = [...byTeam].map(([teamId, level]) => ({ teamId, level }));
    await this.tx.run(async (em) => {
      if (!(await this.rules.lockProject(org.id, project.id, em))) {
        throw new NotFoundText(`Project not found: ${projectName}`);
      }
      await this.rules.write(project.id, rules, replace, em);
      await this.audit.record(em, {
        object: 'PROJECT',
        action: 'UPDATE',
        details: {
          orgId: org.id,
          orgName: org.name,
          projectId: project.id,
          projectName: project.name,
          access: { replace, teams: rules.map((r) => ({ id: r.teamId, level: r.level })) },
        },
      });
    });
    return done('UPDATED');
  }

  /** A team of the project's own org, by id or by (org, name): a team of another org is never granted. */
  private async resolveTeam(org: OrgEntity, entry: AccessEntryDto): Promise<string> {
    if (entry.teamId) {
      const team = await this.teams.findById(org.id, entry.teamId.toLowerCase());
      if (!team) throw new ValidationFailed(`Team not found in organization '${org.name}': ${entry.teamId}`, 'teamId');
      return team.id;
    }
    if (!entry.teamName) throw new ValidationFailed('You must specify a team id, or an organization and a team name.');
    if (entry.orgName && entry.orgName !== org.name) {
      throw new ValidationFailed(`Team '${entry.teamName}' must belong to the project's organization '${org.name}'`);
    }
    const team = await this.teams.findByName(org.id, entry.teamName);
    if (!team) throw new ValidationFailed(`Team not found: ${entry.teamName}`, 'teamName');
    return team.id;
  }

  private async require(org: OrgEntity, projectName: string): Promise<ProjectEntity> {
    const project = await this.projects.findByName(org.id, projectName);
    if (!project) throw new NotFoundText(`Project not found: ${projectName}`);
    return project;
  }
}
