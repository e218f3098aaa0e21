import type { ApiKeyEntity } from './api-key.entity';
import type { ApiKeyEntry } from './dto/api-key.dto';

export function toApiKeyEntry(key: ApiKeyEntity): ApiKeyEntry {
  const entry: ApiKeyEntry = { id: key.id, name: key.name };
  if (key.userId) entry.userId = key.userId;
  if (key.projectId) entry.projectId = key.projectId;
  if (key.expiredAt) entry.expiredAt = key.expiredAt.toISOString();
  return entry;
}
