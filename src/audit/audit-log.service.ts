import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Histogram } from 'prom-client';
import { EntityManager } from 'typeorm';
import { currentRequest } from '../common/request-context';
import { PreparedQueries } from '../database/prepared-queries';
import { Metrics } from '../metrics/metrics.service';
import type { AuditAction, AuditObject } from './audit-event.entity';
import { AuditRow, auditColumns, INSERT_AUDIT_ROWS_SQL } from './audit-row';

export type { AuditRow };

export interface AuditEventInput {
  object: AuditObject;
  action: AuditAction;
  /** Ids and names only; never a value, password or key. Request facts are added here. */
  details: Record<string, unknown>;
  /** Defaults to the current request's principal. */
  userId?: string | null;
}

interface PendingAccess {
  row: AuditRow;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Coalescing window for ACCESS events of concurrent reads. */
const ACCESS_BATCH_MAX = 200;

/**
 * Writes audit events. Changes record theirs inside the change's transaction (`record(em, ...)`),
 * so both commit or neither does. Value reads use `recordAccess`, which batches the inserts of
 * concurrent reads into one statement and resolves only once the row is stored: a read is answered
 * only after its ACCESS event is durable (fail closed).
 */
@Injectable()
export class AuditLog implements OnModuleDestroy {
  private queue: PendingAccess[] = [];
  private flushing = false;
  private readonly writeSeconds: Histogram<'kind'>;

  constructor(
    private readonly prepared: PreparedQueries,
    metrics: Metrics,
  ) {
    this.writeSeconds = metrics.histogram({
      name: 'strongroom_audit_write_seconds',
      help: 'Time to insert audit events: kind=access for a batch of value reads, kind=change inside a change',
      labelNames: ['kind'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    });
  }

  async record(em: EntityManager, event: AuditEventInput): Promise<void> {
    const stop = this.writeSeconds.startTimer({ kind: 'change' });
    await em.query(INSERT_AUDIT_ROWS_SQL, auditColumns([toRow(event)]));
    stop();
  }

  /** The row for a change that writes its audit event in its own single statement (secret create). */
  rowFor(event: AuditEventInput): AuditRow {
    return toRow(event);
  }

  recordAccess(event: AuditEventInput): Promise<void> {
    const row = toRow(event);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  /** Drains the queue: whatever arrived while the previous insert ran goes out as one insert. */
  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, ACCESS_BATCH_MAX);
        try {
          await this.insertBatch(batch.map((p) => p.row));
          batch.forEach((p) => p.resolve());
        } catch (error) {
          batch.forEach((p) => p.reject(error));
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Any number of rows, one prepared statement (arrays unnested), so PostgreSQL plans it once. */
  private async insertBatch(rows: AuditRow[]): Promise<void> {
    const stop = this.writeSeconds.startTimer({ kind: 'access' });
    await this.prepared.rows('audit_insert_batch', INSERT_AUDIT_ROWS_SQL, auditColumns(rows));
    stop();
  }

  async onModuleDestroy(): Promise<void> {
    while (this.flushing || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
  }
}

function toRow(event: AuditEventInput): AuditRow {
  const req = currentRequest();
  const details: Record<string, unknown> = { ...event.details };
  if (req) {
    details.requestId = req.requestId;
    details.requestIp = req.ip;
    details.actionSource = { type: req.source };
  } else {
    details.actionSource = { type: 'SYSTEM' };
  }
  const userId = event.userId !== undefined ? event.userId : (req?.principal?.userId ?? null);
  return { object: event.object, action: event.action, userId, details };
}
