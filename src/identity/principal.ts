/** How a user signs in: a local password, a directory (LDAP), or single sign-on. */
export type UserType = 'LOCAL' | 'LDAP' | 'SSO';

export type Role = 'concordAdmin' | 'concordSystemReader' | 'concordSystemWriter';
export const ROLES: readonly Role[] = ['concordAdmin', 'concordSystemReader', 'concordSystemWriter'];

/**
 * Who is calling, resolved once per request by the auth guard. What a principal may do is decided
 * in `src/access/` only (its roles are read there, never here or in a feature).
 */
export interface Principal {
  userId: string;
  username: string;
  userDomain: string | null;
  userType: UserType;
  displayName: string | null;
  roles: readonly Role[];
  realm: 'apikey' | 'local' | 'session';
  apiKeyId?: string;
  /** Set when the API key acts for one project (flows, runners): see the README's access section. */
  projectId?: string;
}

export function toRoles(values: readonly string[]): Role[] {
  return ROLES.filter((r) => values.includes(r));
}
