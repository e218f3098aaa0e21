import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { ENTITIES } from '../../src/entities';
import { startTestApp, testDatabaseUrl } from '../helpers/test-app';

/**
 * The run's database was migrated from empty by globalSetup; the entities must then ask for no
 * further schema change (immich's "TypeORM checks"): a change to an entity needs a migration.
 */
describe('migrations', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = new DataSource(dataSourceOptions(testDatabaseUrl(), ENTITIES));
    await ds.initialize();
  });
  afterAll(() => ds.destroy());

  it('leave nothing for the entities to change', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('are all applied, in order, and synchronize is off', async () => {
    expect(await ds.showMigrations()).toBe(false);
    expect(ds.options.synchronize).toBe(false);
  });

  it('cover what the server loads: the entities its feature modules register, all listed in src/entities.ts', async () => {
    const t = await startTestApp();
    try {
      const loaded = t.app.get(DataSource).entityMetadatas.map((m) => m.target);
      const listed = new Set<unknown>(ENTITIES);
      expect(loaded.filter((entity) => !listed.has(entity))).toEqual([]);
      // Only the Concord import's bookkeeping is used by a tool alone, never by the server.
      const unused = ENTITIES.filter((entity) => !loaded.includes(entity)).map((entity) => entity.name);
      expect(unused).toEqual(['ConcordImportRecordEntity']);
    } finally {
      await t.close();
    }
  });
});
