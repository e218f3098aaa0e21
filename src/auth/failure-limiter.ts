import { Inject, Injectable } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { APP_CONFIG, AppConfig } from '../config/config';
import { ServiceBusy, TooManyRequests } from '../common/errors';
import { randomToken } from '../crypto/random';
import { PreparedQueries } from '../database/prepared-queries';
import { Metrics } from '../metrics/metrics.service';

export type FailureKind = 'login' | 'store-password';

/** A check in progress that never reports back (a crashed replica) stops counting after this long. */
const ATTEMPT_TTL_SECONDS = 60;
/** How long an attempt waits for a free slot while other checks of the same subject are in progress. */
const MAX_WAIT_MS = 15_000;
/** Waiting attempts retry at least this often (a slot freed on another replica wakes no one here). */
const POLL_MS = 100;

const WINDOW_EXPIRED = `c.window_start <= now() - make_interval(secs => $3)`;
const LIVE_ATTEMPTS = `FROM jsonb_each(c.attempts) e WHERE (e.value)::numeric > extract(epoch FROM now())`;

/**
 * Reserves a check for attempt $6, in one statement: refused while the subject is locked or while
 * failures in the window plus checks in progress have reached the limit ($5). ON CONFLICT DO UPDATE
 * locks the row and reads its latest version, so concurrent reservations on any replica queue here.
 */
const RESERVE = `
  INSERT INTO failure_counters AS c (kind, subject, failures, window_start, attempts)
  VALUES ($1, $2, 0, now(), jsonb_build_object($6::text, extract(epoch FROM now()) + $4))
  ON CONFLICT (kind, subject) DO UPDATE SET
    failures = CASE WHEN ${WINDOW_EXPIRED} THEN 0 ELSE c.failures END,
    window_start = CASE WHEN ${WINDOW_EXPIRED} THEN now() ELSE c.window_start END,
    attempts = (SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb) ${LIVE_ATTEMPTS})
      || jsonb_build_object($6::text, extract(epoch FROM now()) + $4)
  WHERE (c.locked_until IS NULL OR c.locked_until <= now())
    AND (CASE WHEN ${WINDOW_EXPIRED} THEN 0 ELSE c.failures END) + (SELECT count(*) ${LIVE_ATTEMPTS}) < $5
  RETURNING 1 AS reserved`;

/** A wrong guess: the reservation becomes a failure; the one that reaches the limit locks the subject. */
const FAILED = `
  UPDATE failure_counters SET
    attempts = attempts - $3::text,
    failures = failures + 1,
    locked_until = CASE WHEN failures + 1 >= $4 THEN now() + make_interval(secs => $5) ELSE locked_until END,
    window_start = CASE WHEN failures + 1 >= $4 THEN now() ELSE window_start END
  WHERE kind = $1 AND subject = $2
  RETURNING failures >= $4 AS locked`;

/** A right guess (or a check that could not run): the reservation is simply given back. */
const RELEASED = `UPDATE failure_counters SET attempts = attempts - $3::text WHERE kind = $1 AND subject = $2`;

const LOCKED_FOR = `
  SELECT EXTRACT(EPOCH FROM (locked_until - now()))::float8 AS seconds
    FROM failure_counters WHERE kind = $1 AND subject = $2 AND locked_until > now()`;

/**
 * Brute-force protection kept in PostgreSQL, so the limit holds across replicas: at most the limit
 * (STRONGROOM_MAX_FAILED_ATTEMPTS) of wrong guesses is ever checked per subject and window.
 *
 * Every check reserves a slot before the password is tried; failures plus checks in progress never
 * exceed the limit. A wrong guess keeps its slot as a failure (the one that reaches the limit locks
 * the subject for the window); a right one gives it back. A success does not clear earlier failures,
 * or a legitimate client reading a secret would reset an attacker's count. While the subject is
 * locked, attempts get a 429 without being checked; while its slots are all in progress (a CI
 * fan-out of correct reads), attempts wait for a slot.
 */
@Injectable()
export class FailureLimiter {
  /** Attempts of this replica waiting for a slot, by subject; woken when one of ours is given back. */
  private readonly waiting = new Map<string, Set<() => void>>();
  private readonly lockouts: Counter<'kind'>;
  private readonly refused: Counter<'kind'>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sql: PreparedQueries,
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

  /** Runs `check` (true when the password was right) under the limit; returns its answer. */
  async attempt(kind: FailureKind, subject: string, check: () => Promise<boolean>): Promise<boolean> {
    const token = randomToken(9);
    await this.reserve(kind, subject, token);
    let right: boolean | undefined;
    try {
      right = await check();
      return right;
    } finally {
      await this.finish(kind, subject, token, right === false);
    }
  }

  private async reserve(kind: FailureKind, subject: string, token: string): Promise<void> {
    const { maxFailures, windowSeconds } = this.config.bruteForce;
    const deadline = Date.now() + MAX_WAIT_MS;
    for (;;) {
      const reserved = await this.sql.rows('failure_reserve', RESERVE, [
        kind,
        subject,
        windowSeconds,
        ATTEMPT_TTL_SECONDS,
        maxFailures,
        token,
      ]);
      if (reserved.length > 0) return;
      const locked = await this.sql.rows<{ seconds: number }>('failure_locked_for', LOCKED_FOR, [kind, subject]);
      if (locked.length > 0) {
        this.refused.inc({ kind });
        throw this.locked(kind, locked[0].seconds);
      }
      if (Date.now() >= deadline) {
        throw new ServiceBusy('Too many password checks in progress for this account or secret; try again', 1);
      }
      await this.waitForSlot(`${kind}:${subject}`);
    }
  }

  private async finish(kind: FailureKind, subject: string, token: string, wrong: boolean): Promise<void> {
    try {
      if (wrong) {
        const { maxFailures, windowSeconds } = this.config.bruteForce;
        const [row] = await this.sql.rows<{ locked: boolean }>('failure_failed', FAILED, [
          kind,
          subject,
          token,
          maxFailures,
          windowSeconds,
        ]);
        if (row?.locked) this.lockouts.inc({ kind });
      } else {
        await this.sql.rows('failure_released', RELEASED, [kind, subject, token]);
      }
    } finally {
      this.wake(`${kind}:${subject}`);
    }
  }

  private waitForSlot(key: string): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.waiting.get(key) ?? new Set<() => void>();
      this.waiting.set(key, waiters);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0 && this.waiting.get(key) === waiters) this.waiting.delete(key);
        resolve();
      };
      const timer = setTimeout(done, POLL_MS);
      waiters.add(done);
    });
  }

  private wake(key: string): void {
    const waiters = this.waiting.get(key);
    if (waiters) for (const done of [...waiters]) done();
  }

  private locked(kind: FailureKind, seconds: number): TooManyRequests {
    const what = kind === 'login' ? 'failed logins' : 'wrong store passwords';
    return new TooManyRequests(`Too many ${what}; try again in ${Math.ceil(seconds)} seconds`, seconds);
  }
}
