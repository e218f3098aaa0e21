import { TeamRole, roleAtLeast } from './levels';

/** What a team decision depends on. */
export interface TeamCallerFacts {
  admin: boolean;
  orgOwner: boolean;
  /** The caller's role in the team concerned (null: not in it). */
  role: TeamRole | null;
  /** OWNER of at least one team of the org. */
  ownsAnyTeam: boolean;
}

/** Admins, the org's owner, and an OWNER of any team of the org may create teams. */
export function mayCreateTeam(f: TeamCallerFacts): boolean {
  return f.admin || f.orgOwner || f.ownsAnyTeam;
}

/** Admins and the org's owner act with every role in every team of the org; others with their own. */
export function holdsTeamRole(f: TeamCallerFacts, required: TeamRole): boolean {
  return f.admin || f.orgOwner || roleAtLeast(f.role, required);
}

/** A change of a team's direct members, as the members routes ask for it. */
export interface MembershipChange {
  /** Members added or given a new role, in request order (a later entry for a user wins). */
  set: readonly { userId: string; role: TeamRole }[];
  /** Members removed first: every one (`replace`), or those named. */
  removes: 'all' | readonly string[];
}

/**
 * MAINTAINER manages a team's members, but granting OWNER, or taking it from someone (demoting or
 * removing an OWNER), needs OWNER: a team OWNER holds org-level powers (creating teams, managing
 * integrations), so a MAINTAINER must not be able to make one, least of all itself.
 */
export function roleNeededFor(change: MembershipChange, owners: ReadonlySet<string>): TeamRole {
  const after = new Map(change.set.map((e) => [e.userId, e.role]));
  const grants = [...after].some(([userId, role]) => role === 'OWNER' && !owners.has(userId));
  const takes = [...owners].some((userId) => {
    const role = after.get(userId);
    if (role !== undefined) return role !== 'OWNER';
    return change.removes === 'all' || change.removes.includes(userId);
  });
  return grants || takes ? 'OWNER' : 'MAINTAINER';
}
