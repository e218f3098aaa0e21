import type { MigrationInterface } from 'typeorm';
import { Init1763770000000 } from './1763770000000-Init';
import { Secrets1763780000000 } from './1763780000000-Secrets';

/** Migrations in order. Listed explicitly so ts-jest and the compiled server load the same classes. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [Init1763770000000, Secrets1763780000000];
