import { toOwnerEntry } from '../users/owner-entry';
import type { UserEntity } from '../users/user.entity';
import type { OrgEntry } from './dto/org.dto';
import type { OrgEntity } from './org.entity';

export function toOrgEntry(org: OrgEntity, owner: UserEntity | undefined | null): OrgEntry {
  const entry: OrgEntry = { id: org.id, name: org.name, visibility: org.visibility };
  const ownerEntry = toOwnerEntry(owner);
  if (ownerEntry) entry.owner = ownerEntry;
  if (org.meta) entry.meta = org.meta;
  if (org.cfg) entry.cfg = org.cfg;
  return entry;
}
