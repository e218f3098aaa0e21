import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditEventEntity } from '../audit/audit-event.entity';

export interface AuditSearch {
  object?: string;
  action?: string;
  userIds?: string[];
  after?: Date;
  before?: Date;
  /**
   * Each element must hold; an element is a list of alternatives matched by JSONB containment on
   * `details` (e.g. `[{projectId}, {projectIds: [id]}]`), which the GIN index answers.
   */
  containing: Record<string, unknown>[][];
  offset: number;
  limit: number;
}

/**
 * Reads of the audit log. Events are not owned by one org (users, keys and system events have none),
 * so the tenant here is the `details` containment the service derives from an authorised filter.
 */
@Injectable()
export class AuditEventsRepository {
  constructor(@InjectRepository(AuditEventEntity) private readonly repo: Repository<AuditEventEntity>) {}

  /** Newest first: by date, then by insertion order within the same instant. */
  search(s: AuditSearch): Promise<AuditEventEntity[]> {
    const qb = this.repo.createQueryBuilder('e');
    if (s.object) qb.andWhere('e.object = :object', { object: s.object });
    if (s.action) qb.andWhere('e.action = :action', { action: s.action });
    if (s.userIds) qb.andWhere('e.user_id IN (:...userIds)', { userIds: s.userIds });
    // Stored dates have microseconds, the API milliseconds: "after 12:00:00.123" must skip 12:00:00.123456.
    if (s.after) qb.andWhere('e.entry_date >= :after', { after: new Date(s.after.getTime() + 1) });
    if (s.before) qb.andWhere('e.entry_date < :before', { before: s.before });
    s.containing.forEach((alternatives, i) => {
      const params: Record<string, string> = {};
      const ors = alternatives.map((value, j) => {
        params[`c${i}_${j}`] = JSON.stringify(value);
        return `e.details @> CAST(:c${i}_${j} AS jsonb)`;
      });
      qb.andWhere(`(${ors.join(' OR ')})`, params);
    });
    return qb.orderBy('e.entry_date', 'DESC').addOrderBy('e.seq', 'DESC').offset(s.offset).limit(s.limit).getMany();
  }

  /**
   * Where a project, secret or team named only by id in a filter lives (Concord resolves those ids
   * globally); the service then loads it through its own org-scoped repository and checks access.
   */
  async locate(kind: 'project' | 'secret' | 'team', id: string): Promise<{ orgId: string; name: string } | null> {
    const table = { project: 'projects', secret: 'secrets', team: 'teams' }[kind];
    const rows: { orgId: string; name: string }[] = await this.repo.manager.query(
      `SELECT org_id AS "orgId", name FROM ${table} WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }
}
