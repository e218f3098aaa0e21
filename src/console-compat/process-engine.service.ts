import { Injectable } from '@nestjs/common';
import { OrgAccess } from '../access/org-access';
import { ProjectAccess } from '../access/project-access';
import type { Principal } from '../identity/principal';
import { NotFoundText } from '../common/errors';
import { ProjectsRepository } from '../projects/projects.repository';
import { requireTeam } from '../teams/team-lookup';
import { TeamsRepository } from '../teams/teams.repository';
import type { KvCapacityEntry, UserActivityEntry } from './dto/process-engine.dto';

/**
 * Concord's process engine (processes, triggers, repositories, KV stores) and LDAP are not part of
 * this server. Their pages in the console still ask; they get the answers Concord gives a project
 * or team that has none, behind the same checks Concord makes, so nothing leaks to other callers.
 */
@Injectable()
export class ProcessEngineService {
  constructor(
    private readonly orgAccess: OrgAccess,
    private readonly projectAccess: ProjectAccess,
    private readonly projects: ProjectsRepository,
    private readonly teams: TeamsRepository,
  ) {}

  async kvCapacity(p: Principal, orgName: string, projectName: string): Promise<KvCapacityEntry> {
    await this.readableProject(p, orgName, projectName);
    return { size: 0 };
  }

  async repositories(p: Principal, orgName: string, projectName: string): Promise<never[]> {
    await this.readableProject(p, orgName, projectName);
    return [];
  }

  /** Like the team's members list: org members only, and the team must exist. */
  async ldapGroups(p: Principal, orgName: string, teamName: string): Promise<never[]> {
    const org = await this.orgAccess.resolveAsMember(p, orgName);
    await requireTeam(this.teams, org, teamName);
    return [];
  }

  activity(): UserActivityEntry {
    return { processes: [] };
  }

  private async readableProject(p: Principal, orgName: string, projectName: string): Promise<void> {
    const org = await this.orgAccess.resolve(orgName);
    const project = await this.projects.findByName(org.id, projectName);
    if (!project) throw new NotFoundText(`Project not found: ${projectName}`);
    await this.projectAccess.assert(p, org, project, 'READER');
  }
}
