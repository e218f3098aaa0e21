import { Injectable } from '@nestjs/common';
import { CreateAccess } from '../access/create-access';
import type { CreatableKind } from '../access/create-policy';
import { OrgAccess } from '../access/org-access';
import type { Principal } from '../identity/principal';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';
import { ValidationFailed } from '../common/errors';
import { ProjectsRepository } from '../projects/projects.repository';
import { TeamsRepository } from '../teams/teams.repository';

/**
 * The questions the Concord console asks before it enables a button or accepts a name. Each answer
 * is a bare boolean; a caller outside the org learns nothing about its teams or projects (false).
 */
@Injectable()
export class ConsoleProbesService {
  constructor(
    private readonly orgAccess: OrgAccess,
    private readonly createAccess: CreateAccess,
    private readonly teams: TeamsRepository,
    private readonly projects: ProjectsRepository,
    private readonly apiKeys: ApiKeysRepository,
  ) {}

  /** A missing or blank `orgName` and an unknown org are 400s, as on every org-scoped route. */
  async canCreate(p: Principal, orgName: string | undefined, kind: CreatableKind): Promise<boolean> {
    if (orgName === undefined || orgName.trim() === '') {
      throw new ValidationFailed("'orgName' is required", 'orgName');
    }
    const org = await this.orgAccess.resolve(orgName);
    return this.createAccess.mayCreate(p, org, kind);
  }

  async teamExists(p: Principal, orgName: string, teamName: string): Promise<boolean> {
    const org = await this.memberOrg(p, orgName);
    return org !== null && (await this.teams.findByName(org.id, teamName)) !== null;
  }

  async projectExists(p: Principal, orgName: string, projectName: string): Promise<boolean> {
    const org = await this.memberOrg(p, orgName);
    return org !== null && (await this.projects.findByName(org.id, projectName)) !== null;
  }

  /** Only the caller's own keys: another user's key names are none of its business. */
  async apiKeyExists(p: Principal, name: string): Promise<boolean> {
    return (await this.apiKeys.findByName(p.userId, name.trim())) !== null;
  }

  /** The org, when it exists and the caller acts as its member; null otherwise (the probe then says false). */
  private async memberOrg(p: Principal, orgName: string): Promise<{ id: string } | null> {
    const org = await this.orgAccess.resolve(orgName).catch(() => null);
    if (!org || !(await this.orgAccess.actsAsMember(p, org))) return null;
    return org;
  }
}
