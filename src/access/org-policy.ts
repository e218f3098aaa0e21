import type { Principal } from '../identity/principal';
import { hasPermission, isAdmin, isGlobalReader } from './roles';

/** What an org decision depends on. */
export interface OrgCallerFacts {
  admin: boolean;
  /** Holds either global role (a global writer is a global reader too). */
  globalReader: boolean;
  orgOwner: boolean;
  /** In at least one of the org's teams. */
  member: boolean;
}

export function orgCallerFacts(p: Principal, org: { ownerId: string | null }, member: boolean): OrgCallerFacts {
  return { admin: isAdmin(p), globalReader: isGlobalReader(p), orgOwner: isOwner(p, org.ownerId), member };
}

export function isOwner(p: Principal, ownerId: string | null): boolean {
  return ownerId !== null && ownerId === p.userId;
}

/**
 * Who may call the org's members-only routes: admins, global readers and writers, the org's owner
 * and anyone in one of its teams. Decided without the membership when one of the others holds.
 */
export function actsAsMember(f: Omit<OrgCallerFacts, 'member'> & { member?: boolean }): boolean | undefined {
  if (f.admin || f.globalReader || f.orgOwner) return true;
  return f.member;
}

/** Admins and global readers list every org; others get the row filter of `access-sql.ts`. */
export function listsEveryOrg(p: Principal): boolean {
  return isAdmin(p) || isGlobalReader(p);
}

export function mayCreateOrg(p: Principal): boolean {
  return hasPermission(p, 'createOrg');
}

export function mayUpdateOrg(p: Principal, org: { ownerId: string | null }): boolean {
  return isOwner(p, org.ownerId) || hasPermission(p, 'updateOrg');
}

export function mayDeleteOrg(p: Principal): boolean {
  return isAdmin(p);
}
