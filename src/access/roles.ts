import type { Principal, Role } from '../identity/principal';

/**
 * The server-wide roles and what they allow. Only `src/access/` asks these questions: features ask
 * the access services instead (a test keeps it so).
 */
export type Permission = 'createOrg' | 'updateOrg' | 'apiKeySpecifyValue';

/** Role → permissions, fixed in code (Concord keeps them in a table that nobody edits). */
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  concordAdmin: ['createOrg', 'updateOrg', 'apiKeySpecifyValue'],
  concordSystemReader: [],
  concordSystemWriter: [],
};

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

function hasRole(p: Principal, role: Role): boolean {
  return p.roles.includes(role);
}

export function isAdmin(p: Principal): boolean {
  return hasRole(p, 'concordAdmin');
}

/** A global reader may read anything; a global writer is a global reader too. */
export function isGlobalReader(p: Principal): boolean {
  return hasRole(p, 'concordSystemReader') || hasRole(p, 'concordSystemWriter');
}

export function isGlobalWriter(p: Principal): boolean {
  return hasRole(p, 'concordSystemWriter');
}

export function hasPermission(p: Principal, permission: Permission): boolean {
  return p.roles.some((r) => permissionsOf(r).includes(permission));
}
