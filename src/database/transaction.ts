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
