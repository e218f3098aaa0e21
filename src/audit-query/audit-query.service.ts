import { Injectable } from '@nestjs/common';
import type { Principal } from '../identity/principal';
import { toOwnerEntry } from '../users/owner-entry';
import { UsersRepository } from '../users/users.repository';
import type { AuditEventEntity } from '../audit/audit-event.entity';
import { AuditEventsRepository } from './audit-events.repository';
import { parseAuditQuery } from './audit-filter';
import { AuditScope } from './audit-scope';
import { AuditEventEntry } from './dto/audit-event.dto';

/** `GET /api/v1/audit` (docs/compatibility.md#the-audit-log): filters, authorization through AuditScope, newest first. */
@Injectable()
export class AuditQueryService {
  constructor(
    private readonly events: AuditEventsRepository,
    private readonly scope: AuditScope,
    private readonly users: UsersRepository,
  ) {}

  async list(p: Principal, rawQuery: Record<string, unknown>): Promise<AuditEventEntry[]> {
    const q = parseAuditQuery(rawQuery);
    const containing = await this.scope.resolve(p, q.details);
    let userIds: string[] | undefined;
    if (q.userId) {
      userIds = [q.userId];
    } else if (q.username) {
      userIds = (await this.users.findByUsername(q.username)).map((u) => u.id);
      // Concord answers an empty list for an unknown username.
      if (userIds.length === 0) return [];
    }
    const rows = await this.events.search({
      object: q.object,
      action: q.action,
      userIds,
      after: q.after,
      before: q.before,
      containing,
      offset: q.offset,
      limit: q.limit,
    });
    const authorIds = [...new Set(rows.map((r) => r.userId).filter((id): id is string => id !== null))];
    const authors = new Map((await this.users.findByIds(authorIds)).map((u) => [u.id, u]));
    return rows.map((row) => toAuditEventEntry(row, row.userId ? authors.get(row.userId) : undefined));
  }
}

function toAuditEventEntry(row: AuditEventEntity, user: Parameters<typeof toOwnerEntry>[0]): AuditEventEntry {
  const entry: AuditEventEntry = { entryDate: row.entryDate.toISOString(), action: row.action, object: row.object };
  if (row.details && Object.keys(row.details).length > 0) entry.details = row.details;
  const owner = toOwnerEntry(user);
  if (owner) entry.user = owner;
  return entry;
}
