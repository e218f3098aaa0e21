import { permissionsOf } from '../access/roles';
import { toRoles } from '../identity/principal';
import type { OrgRefEntry, RoleEntry, UserEntry } from './dto/user.dto';
import type { UserEntity } from './user.entity';

export function toRoleEntries(roles: readonly string[]): RoleEntry[] {
  return toRoles(roles).map((name) => ({ name, permissions: [...permissionsOf(name)] }));
}

/** `orgs` is only known on single-user reads; lists leave it (and roles) out, as Concord does. */
export function toUserEntry(user: UserEntity, details?: { orgs: OrgRefEntry[] }): UserEntry {
  const entry: UserEntry = {
    id: user.id,
    name: user.username,
    type: user.type,
    disabled: user.disabled,
    permanentlyDisabled: user.permanentlyDisabled,
  };
  if (user.domain) entry.domain = user.domain;
  if (user.displayName) entry.displayName = user.displayName;
  if (user.email) entry.email = user.email;
  if (user.disabledDate) entry.disabledDate = user.disabledDate.toISOString();
  if (details) {
    if (details.orgs.length > 0) entry.orgs = details.orgs.map((o) => ({ id: o.id, name: o.name }));
    const roles = toRoleEntries(user.roles);
    if (roles.length > 0) entry.roles = roles;
  }
  return entry;
}
