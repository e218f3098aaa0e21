import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Password checks per subject (a user's logins, a secret's store password), kept in PostgreSQL so
 * the limit holds across replicas. A window starts at the first attempt; `attempts` holds the checks
 * in progress (token → expiry, epoch seconds); at the threshold the subject is locked until `lockedUntil`.
 */
@Entity({ name: 'failure_counters' })
export class FailureCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind!: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  subject!: string;

  @Column({ type: 'integer', default: 0 })
  failures!: number;

  @Column({ name: 'window_start', type: 'timestamptz', default: () => 'now()' })
  windowStart!: Date;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'jsonb', default: {} })
  attempts!: Record<string, number>;
}
