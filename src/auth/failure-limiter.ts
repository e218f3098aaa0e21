import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { TooManyRequests } from '../common/errors';
import { Metrics } from '../metrics/metrics.service';

export type FailureKind = 'login' | 'store-password';

/**
 * Brute-force protection kept in PostgreSQL, so the limit holds across replicas: failures are
 * counted per subject within a window; at the threshold the subject is locked for the window, and
 * every attempt meanwhile gets a 429 with Retry-After. A success clears the counter.
 */
@Injectable()
export class FailureLimiter {
  private readonly lockouts: Counter<'kind'>;
  private readonly refused: Counter<'kind'>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    metrics: Metrics,
  ) {
    this.lockouts = metrics.counter({
      name: 'strongroom_lockouts_total',
      help: 'Subjects locked out after too many failures (kind: login or store-password), by this replica',
      labelNames: ['kind'],
    });
    this.refused = metrics.counter({
      name: 'strongroom_lockout_refusals_total',
      help: 'Attempts refused with 429 because their subject was locked out, by this replica',
      labelNames: ['kind'],
    });
  }

  async assertNotLocked(kind: FailureKind, subject: string): Promise<void> {
    const rows: { seconds: number }[] = await this.db.query(
      `SELECT EXTRACT(EPOCH FROM (locked_until - now()))::float AS seconds
         FROM failure_counters WHERE kind = $1 AND subject = $2 AND locked_until > now()`,
      [kind, subject],
    );
    if (rows.length > 0) {
      this.refused.inc({ kind });
      throw this.locked(kind, rows[0].seconds);
    }
  }

  /** Counts one failure; throws the 429 when this failure reaches the threshold. */
  async recordFailure(kind: FailureKind, subject: string): Promise<void> {
    const { maxFailures, windowSeconds } = this.config.bruteForce;
    const rows: { failures: number }[] = await this.db.query(
      `INSERT INTO failure_counters (kind, subject, failures, window_start) VALUES ($1, $2, 1, now())
       ON CONFLICT (kind, subject) DO UPDATE SET
         failures = CASE WHEN failure_counters.window_start < now() - make_interval(secs => $3)
                         THEN 1 ELSE failure_counters.failures + 1 END,
         window_start = CASE WHEN failure_counters.window_start < now() - make_interval(secs => $3)
                             THEN now() ELSE failure_counters.window_start END,
         locked_until = NULL
       RETURNING failures`,
      [kind, subject, windowSeconds],
    );
    if (rows[0].failures >= maxFailures) {
      await this.db.query(
        `UPDATE failure_counters SET locked_until = now() + make_interval(secs => $3), failures = 0, window_start = now()
          WHERE kind = $1 AND subject = $2`,
        [kind, subject, windowSeconds],
      );
      this.lockouts.inc({ kind });
      throw this.locked(kind, windowSeconds);
    }
  }

  async reset(kind: FailureKind, subject: string): Promise<void> {
    await this.db.query(`DELETE FROM failure_counters WHERE kind = $1 AND subject = $2 AND failures > 0`, [
      kind,
      subject,
    ]);
  }

  private locked(kind: FailureKind, seconds: number): TooManyRequests {
    const what = kind === 'login' ? 'failed logins' : 'wrong store passwords';
    return new TooManyRequests(`Too many ${what}; try again in ${Math.ceil(seconds)} seconds`, seconds);
  }
}
