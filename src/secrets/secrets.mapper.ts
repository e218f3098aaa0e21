import { toOwnerEntry } from '../users/owner-entry';
import type { OrgEntity } from '../orgs/org.entity';
import type { UserEntity } from '../users/user.entity';
import type { SecretEntry } from './dto/secret-entry.dto';
import type { LinkedProject, SecretMetadata } from './secrets.repository';

export function toSecretEntry(
  secret: SecretMetadata,
  org: Pick<OrgEntity, 'id' | 'name'>,
  projects: readonly LinkedProject[],
  owner: UserEntity | undefined | null,
): SecretEntry {
  const entry: SecretEntry = {
    id: secret.id,
    name: secret.name,
    orgId: org.id,
    orgName: org.name,
    projects: projects.map((p) => ({
      id: p.id,
      name: p.name,
      rawPayloadMode: 'DISABLED',
      outVariablesMode: 'DISABLED',
      processExecMode: 'READERS',
    })),
    type: secret.type,
    encryptedBy: secret.encryptedBy,
    storeType: secret.storeType,
    visibility: secret.visibility,
    createdAt: secret.createdAt.toISOString(),
  };
  const ownerEntry = toOwnerEntry(owner);
  if (ownerEntry) entry.owner = ownerEntry;
  if (secret.events.length > 0) entry.events = [...secret.events];
  if (secret.images.length > 0) entry.images = [...secret.images];
  if (secret.lastUpdatedAt) entry.lastUpdatedAt = secret.lastUpdatedAt.toISOString();
  return entry;
}
