/** Runs pending migrations against DATABASE_URL (operators and the schema-diff workflow). */
import 'reflect-metadata';
import { migrate } from '../database/data-source';

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL is required\n');
  process.exit(2);
}
migrate(url).then(
  () => process.stdout.write('migrations applied\n'),
  (error: unknown) => {
    process.stderr.write(`migration failed: ${String(error)}\n`);
    process.exit(1);
  },
);
