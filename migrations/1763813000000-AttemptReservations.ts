import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Password checks in progress, per subject: `{"<attempt token>": <expiry, epoch seconds>}`. A check
 * reserves its entry before it runs, so failures plus checks in progress never pass the limit, on
 * any number of replicas (src/auth/failure-limiter.ts).
 */
export class AttemptReservations1763813000000 implements MigrationInterface {
  name = 'AttemptReservations1763813000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "failure_counters" ADD "attempts" jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "failure_counters" DROP COLUMN "attempts"`);
  }
}
