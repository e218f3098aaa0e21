import 'reflect-metadata';
import { migrate } from '../../src/database/data-source';
import { createTestDatabase } from './test-database';

/** One database per `npm test` run, migrated once; workers read its URL from the environment. */
export default async function globalSetup(): Promise<void> {
  const db = await createTestDatabase();
  await migrate(db.url);
  process.env.STRONGROOM_TEST_DATABASE_URL = db.url;
  (globalThis as { __strongroomTestDb?: typeof db }).__strongroomTestDb = db;
}
