import { Init1763770000000 } from './1763770000000-Init';

/** Migrations in order. Listed explicitly so ts-jest and the compiled server load the same classes. */
export const MIGRATIONS: Function[] = [Init1763770000000];
