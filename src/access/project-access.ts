import { Injectable } from '@nestjs/common';
import type { Principal } from '../identity/principal';
import { AccessDenied } from '../common/errors';
import { AccessRepository } from './access.repository';
import type { AccessLevel } from './levels';
import { OrgAccess } from './org-access';
import { isOwner } from './org-policy';
import { ProjectAccessFacts, allowsProjectAccess, mayMapRepository } from './project-policy';
import { isAdmin, isGlobalReader, isGlobalWriter } from './roles';

interface OrgRef {
  id: string;
  name: string;
  ownerId: string | null;
}

interface ProjectRef {
  id: string;
  name: string;
  ownerId: string | null;
  visibility: 'PUBLIC' | 'PRIVATE';
}

/** Project checks (rules in project-policy.ts). */
@Injectable()
export class ProjectAccess {
  constructor(
    private readonly repo: AccessRepository,
    private readonly orgAccess: OrgAccess,
  ) {}

  async facts(p: Principal, org: OrgRef, project: ProjectRef): Promise<ProjectAccessFacts> {
    return {
      admin: isAdmin(p),
      globalReader: isGlobalReader(p),
      globalWriter: isGlobalWriter(p),
      projectOwner: isOwner(p, project.ownerId),
      orgOwner: isOwner(p, org.ownerId),
      ...(await this.repo.projectMemberships(org.id, project.id, p.userId)),
      visibility: project.visibility,
    };
  }

  /** Reading a project's team access: READER. */
  async assertMayReadTeamAccess(p: Principal, org: OrgRef, project: ProjectRef): Promise<void> {
    await this.assert(p, org, project, 'READER');
  }

  /** Changing a project's team access: an org member (members-only) who holds OWNER on the project. */
  async assertMayChangeTeamAccess(p: Principal, org: OrgRef & { name: string }, project: ProjectRef): Promise<void> {
    await this.orgAccess.assertMember(p, org);
    await this.assert(p, org, project, 'OWNER');
  }

  async assert(p: Principal, org: OrgRef, project: ProjectRef, level: AccessLevel): Promise<void> {
    if (!allowsProjectAccess(level, await this.facts(p, org, project))) {
      throw new AccessDenied(
        `The current user (${p.username}) doesn't have the necessary access level (${level}) to the project: ${project.name}`,
      );
    }
  }

  /** The caller whose project listing is filtered (null: sees every project of the org). */
  async listFilter(p: Principal, org: OrgRef): Promise<{ userId: string } | null> {
    return (await this.orgAccess.actsAsMember(p, org)) ? null : { userId: p.userId };
  }

  /** Setting, changing or removing the Woodpecker repository a project maps to. */
  async assertMayMapRepository(p: Principal, org: OrgRef): Promise<void> {
    const facts = { admin: isAdmin(p), orgOwner: isOwner(p, org.ownerId), ownsWoodpeckerTeam: false };
    if (mayMapRepository(facts)) return;
    facts.ownsWoodpeckerTeam = await this.repo.ownsWoodpeckerTeam(org.id, p.userId);
    if (!mayMapRepository(facts)) {
      throw new AccessDenied(
        `Only an admin, the organization's owner or an OWNER of a team a Woodpecker integration is bound to may map a repository to a project in: ${org.name}`,
      );
    }
  }
}
