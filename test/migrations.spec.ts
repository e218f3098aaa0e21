import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { testDatabaseUrl } from './helpers/test-app';

/**
 * The run's database was migrated from empty by globalSetup; the entities must then ask for no
 * further schema change (immich's "TypeORM checks"): a change to an entity needs a migration.
 */
describe('migrations', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = new DataSource(dataSourceOptions(testDatabaseUrl()));
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
});
