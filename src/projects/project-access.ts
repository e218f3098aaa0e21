import { Injectable } from '@nestjs/common';
import { OrgAccess } from '../access/org-access';
import { Principal, isAdmin, isGlobalReader, isGlobalWriter } from '../auth/principal';
import { AccessDenied } from '../common/errors';
import type { OrgEntity } from '../orgs/org.entity';
import type { ProjectEntity } from './project.entity';

export type ProjectAccessLevel = 'READER' | 'WRITER' | 'OWNER';

/** What the decision depends on, gathered once per check. */
export interface ProjectAccessFacts {
  admin: boolean;
  globalReader: boolean;
  globalWriter: boolean;
  projectOwner: boolean;
  orgOwner: boolean;
  orgMember: boolean;
  visibility: 'PUBLIC' | 'PRIVATE';
}

/**
 * The project decision table (tenancy §4, simplified until per-team project access exists): admin,
 * project owner and org owner hold every level; a READER may also be a global reader, anyone for a
 * PUBLIC project, or an org member; a WRITER may be a global writer or, on a PUBLIC project, an org
 * member. Everything else is denied.
 */
export function allowsProjectAccess(level: ProjectAccessLevel, f: ProjectAccessFacts): boolean {
  if (f.admin || f.projectOwner || f.orgOwner) return true;
  switch (level) {
    case 'READER':
      return f.globalReader || f.visibility === 'PUBLIC' || f.orgMember;
    case 'WRITER':
      return f.globalWriter || (f.visibility === 'PUBLIC' && f.orgMember);
    case 'OWNER':
      return false;
  }
}

@Injectable()
export class ProjectAccess {
  constructor(private readonly orgAccess: OrgAccess) {}

  async facts(p: Principal, org: OrgEntity, project: ProjectEntity): Promise<ProjectAccessFacts> {
    return {
      admin: isAdmin(p),
      globalReader: isGlobalReader(p),
      globalWriter: isGlobalWriter(p),
      projectOwner: project.ownerId === p.userId,
      orgOwner: org.ownerId === p.userId,
      orgMember: await this.orgAccess.isMember(p, org),
      visibility: project.visibility,
    };
  }

  async assert(p: Principal, org: OrgEntity, project: ProjectEntity, level: ProjectAccessLevel): Promise<void> {
    if (!allowsProjectAccess(level, await this.facts(p, org, project))) {
      throw new AccessDenied(
        `The current user (${p.username}) doesn't have the necessary access level (${level}) to the project: ${project.name}`,
      );
    }
  }

  /** May the caller list every project of the org, PRIVATE ones included? */
  async seesAllProjects(p: Principal, org: OrgEntity): Promise<boolean> {
    return this.orgAccess.canActAsMember(p, org);
  }
}
