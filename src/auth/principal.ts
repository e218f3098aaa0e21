import type { UserType } from '../users/user.entity';

export type Role = 'concordAdmin' | 'concordSystemReader' | 'concordSystemWriter';
export const ROLES: readonly Role[] = ['concordAdmin', 'concordSystemReader', 'concordSystemWriter'];

export type Permission = 'createOrg' | 'updateOrg' | 'apiKeySpecifyValue';

/** Role → permissions, fixed in code (Concord keeps them in a table; nobody edits them). */
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  concordAdmin: ['createOrg', 'updateOrg', 'apiKeySpecifyValue'],
  concordSystemReader: [],
  concordSystemWriter: [],
};

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

/** Who is calling, resolved once per request by the auth guard. */
export interface Principal {
  userId: string;
  username: string;
  userDomain: string | null;
  userType: UserType;
  displayName: string | null;
  roles: readonly Role[];
  realm: 'apikey' | 'local' | 'session';
  apiKeyId?: string;
  /** Set when the API key acts for one project (flows, runners): see secrets spec §3.5. */
  projectId?: string;
}

export function hasRole(p: Principal, role: Role): boolean {
  return p.roles.includes(role);
}

export function isAdmin(p: Principal): boolean {
  return hasRole(p, 'concordAdmin');
}

export function isGlobalReader(p: Principal): boolean {
  return hasRole(p, 'concordSystemReader') || hasRole(p, 'concordSystemWriter');
}

export function isGlobalWriter(p: Principal): boolean {
  return hasRole(p, 'concordSystemWriter');
}

export function hasPermission(p: Principal, permission: Permission): boolean {
  return p.roles.some((r) => permissionsOf(r).includes(permission));
}

export function toRoles(values: readonly string[]): Role[] {
  return ROLES.filter((r) => values.includes(r));
}
