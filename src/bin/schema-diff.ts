/**
 * Prints the SQL TypeORM would run to make the database match the entities: what a new migration
 * needs. Usage: DATABASE_URL=postgres://... npx ts-node src/bin/schema-diff.ts
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source';
import { ENTITIES } from '../entities';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const ds = new DataSource(dataSourceOptions(url, ENTITIES));
  await ds.initialize();
  const sql = await ds.driver.createSchemaBuilder().log();
  for (const q of sql.upQueries) process.stdout.write(q.query + ';\n');
  await ds.destroy();
}

void main();
