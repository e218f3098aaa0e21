import type { TestDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const db = (globalThis as { __strongroomTestDb?: TestDatabase }).__strongroomTestDb;
  await db?.dispose();
}
