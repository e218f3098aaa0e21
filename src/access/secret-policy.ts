import type { Principal } from '../identity/principal';
import { AccessLevel, levelAtLeast } from './levels';
import { isOwner } from './org-policy';
import { isAdmin, isGlobalReader, isGlobalWriter } from './roles';

/** The parts of a secret the rules look at. */
export interface SecretRef {
  id: string;
  name: string;
  ownerId: string | null;
  visibility: 'PUBLIC' | 'PRIVATE';
}

/** What a secret decision depends on. The memberships are gathered only when a rule reaches them. */
export interface SecretCallerFacts {
  admin: boolean;
  /** Holds either global role (a global writer is a global reader too). */
  globalReader: boolean;
  globalWriter: boolean;
  secretOwner: boolean;
  orgOwner: boolean;
  /** In a team of the secret's org; undefined until gathered. */
  orgMember?: boolean;
  /** The best level the caller's teams hold on the secret; undefined until gathered. */
  teamLevel?: AccessLevel | null;
}

/** A route's need: a level, and whether only members of the org may hold it (Concord's "membersOnly"). */
export interface SecretRequirement {
  level: AccessLevel;
  membersOnly: boolean;
}

export const READ: SecretRequirement = { level: 'READER', membersOnly: false };
export const WRITE: SecretRequirement = { level: 'WRITER', membersOnly: false };
/** Deleting, managing team rules, changing the owner; here also publishing and moving. */
export const OWN: SecretRequirement = { level: 'OWNER', membersOnly: true };

export function secretCallerFacts(p: Principal, org: { ownerId: string | null }, secret: SecretRef): SecretCallerFacts {
  return {
    admin: isAdmin(p),
    globalReader: isGlobalReader(p),
    globalWriter: isGlobalWriter(p),
    secretOwner: isOwner(p, secret.ownerId),
    orgOwner: isOwner(p, org.ownerId),
  };
}

/**
 * Concord's secret check, in its order: admin; a global reader (READER) or writer (WRITER); the
 * secret's owner; for a members-only READER check of a PUBLIC secret, any org member; the org's
 * owner; then, when members-only or PRIVATE, a team rule at the level or above; otherwise (PUBLIC,
 * not members-only) everyone. `undefined`: the answer needs a membership not gathered yet.
 */
export function decideSecretAccess(
  need: SecretRequirement,
  visibility: SecretRef['visibility'],
  f: SecretCallerFacts,
): boolean | undefined {
  if (f.admin) return true;
  switch (need.level) {
    case 'READER':
      if (f.globalReader) return true;
      break;
    case 'WRITER':
      if (f.globalWriter) return true;
      break;
    case 'OWNER':
      break;
  }
  if (f.secretOwner) return true;
  if (need.membersOnly && visibility === 'PUBLIC' && need.level === 'READER') {
    if (f.orgMember === undefined) return undefined;
    if (f.orgMember) return true;
  }
  if (f.orgOwner) return true;
  if (need.membersOnly || visibility === 'PRIVATE') {
    if (f.teamLevel === undefined) return undefined;
    return levelAtLeast(f.teamLevel, need.level);
  }
  return true;
}

/** What an update asks for besides the data and the name. */
export interface SecretChange {
  /** PRIVATE → PUBLIC. */
  publishes: boolean;
  /** To another org. */
  moves: boolean;
  changesOwner: boolean;
}

/**
 * An update needs WRITER. Changing the owner needs OWNER (Concord). Publishing a PRIVATE secret and
 * moving a secret to another org need OWNER too: Concord lets a WRITER do both, which lets anyone
 * granted WRITER hand the secret to every user of the server (docs/compatibility.md).
 */
export function updateRequirements(change: SecretChange): SecretRequirement[] {
  return change.publishes || change.moves || change.changesOwner ? [WRITE, OWN] : [WRITE];
}

/**
 * A missing secret answers a caller who is not a member of the org exactly as a PRIVATE one does
 * (403), so that a stranger cannot tell which names exist; members, the org's owner, admins and
 * global readers keep Concord's 404. `undefined`: the answer needs the org membership.
 */
export function hidesMissingSecret(f: Omit<SecretCallerFacts, 'secretOwner' | 'teamLevel'>): boolean | undefined {
  if (f.admin || f.globalReader || f.orgOwner) return false;
  if (f.orgMember === undefined) return undefined;
  return !f.orgMember;
}

/**
 * A secret linked to projects opens only for a global reader or for a key bound to one of those
 * projects (what stands in for Concord's process session token); admins with a plain key are
 * refused too, as in Concord. Names the reason, or null when the read may go on.
 */
export function projectScopeDenial(
  p: Principal,
  linkedProjectIds: readonly string[],
): 'outside-a-process' | 'other-project' | null {
  if (linkedProjectIds.length === 0 || isGlobalReader(p)) return null;
  if (p.projectId && linkedProjectIds.includes(p.projectId)) return null;
  return p.projectId ? 'other-project' : 'outside-a-process';
}

/** Admins, global readers and the org's owner list every secret; others get the row filter. */
export function listsEverySecret(p: Principal, org: { ownerId: string | null }): boolean {
  return isAdmin(p) || isGlobalReader(p) || isOwner(p, org.ownerId);
}
