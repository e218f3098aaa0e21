import { AccessLevel, levelAtLeast } from './levels';

/** What a project decision depends on, gathered once per check. */
export interface ProjectAccessFacts {
  admin: boolean;
  globalReader: boolean;
  globalWriter: boolean;
  projectOwner: boolean;
  orgOwner: boolean;
  orgMember: boolean;
  /** The best level one of the caller's teams holds on the project (null when none). */
  teamLevel: AccessLevel | null;
  visibility: 'PUBLIC' | 'PRIVATE';
}

/**
 * The project decision table: admin, project owner and org owner hold every level, and so does a
 * caller whose team was granted that level (or a higher one) on the project. Besides, a READER may
 * be a global reader, anyone for a PUBLIC project, or an org member; a WRITER may be a global
 * writer or, on a PUBLIC project, an org member. Everything else is denied.
 */
export function allowsProjectAccess(level: AccessLevel, f: ProjectAccessFacts): boolean {
  if (f.admin || f.projectOwner || f.orgOwner || levelAtLeast(f.teamLevel, level)) return true;
  switch (level) {
    case 'READER':
      return f.globalReader || f.visibility === 'PUBLIC' || f.orgMember;
    case 'WRITER':
      return f.globalWriter || (f.visibility === 'PUBLIC' && f.orgMember);
    case 'OWNER':
      return false;
  }
}

/** What deciding a repository mapping depends on. */
export interface RepositoryMappingFacts {
  admin: boolean;
  orgOwner: boolean;
  /** OWNER of a team that one of the org's Woodpecker integrations is bound to. */
  ownsWoodpeckerTeam: boolean;
}

/**
 * A project's `meta.woodpeckerRepoId` decides which project's secrets a Woodpecker repository is
 * sent, so setting, changing or removing it is reserved to those who may bind a Woodpecker
 * integration to a team: admins, the org's owner, and the OWNERs of those teams.
 */
export function mayMapRepository(f: RepositoryMappingFacts): boolean {
  return f.admin || f.orgOwner || f.ownsWoodpeckerTeam;
}
