import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** One change, one transaction: services run their writes (and audit rows) through this. */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}

/** True when a PostgreSQL error is a unique-constraint violation (so callers can answer 400, not 500). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e?.code === '23505' || e?.driverError?.code === '23505';
}

/** The name of the unique constraint (or unique index) a PostgreSQL error violated, if any. */
export function violatedConstraint(error: unknown): string | undefined {
  if (!isUniqueViolation(error)) return undefined;
  const e = error as { constraint?: string; driverError?: { constraint?: string } };
  return e?.constraint ?? e?.driverError?.constraint;
}
