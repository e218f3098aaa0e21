import { toOwnerEntry } from '../users/owner-entry';
import type { OrgEntity } from '../orgs/org.entity';
import type { UserEntity } from '../users/user.entity';
import type { ProjectEntry } from './dto/project.dto';
import type { ProjectEntity } from './project.entity';

/** `cfg` and `meta` are only part of the GET-one answer, as in Concord. */
export function toProjectEntry(
  project: ProjectEntity,
  org: OrgEntity,
  owner: UserEntity | null | undefined,
  withDetails = false,
): ProjectEntry {
  const entry: ProjectEntry = {
    id: project.id,
    name: project.name,
    ...(project.description ? { description: project.description } : {}),
    orgId: org.id,
    orgName: org.name,
    visibility: project.visibility,
    rawPayloadMode: 'DISABLED',
    outVariablesMode: 'DISABLED',
    processExecMode: 'READERS',
    createdAt: project.createdAt.toISOString(),
  };
  const ownerEntry = toOwnerEntry(owner);
  if (ownerEntry) entry.owner = ownerEntry;
  if (withDetails && project.cfg) entry.cfg = project.cfg;
  if (withDetails && project.meta) entry.meta = project.meta;
  return entry;
}
