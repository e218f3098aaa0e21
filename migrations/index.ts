import type { MigrationInterface } from 'typeorm';
import { Init1763770000000 } from './1763770000000-Init';
import { Secrets1763780000000 } from './1763780000000-Secrets';
import { AccessAudit1763790000000 } from './1763790000000-AccessAudit';
import { Integrations1763800000000 } from './1763800000000-Integrations';
import { PrincipalNotify1763810000000 } from './1763810000000-PrincipalNotify';
import { AttemptReservations1763813000000 } from './1763813000000-AttemptReservations';
import { RepositoryMapping1763820000000 } from './1763820000000-RepositoryMapping';
import { ConcordImport1796197899545 } from './1796197899545-ConcordImport';
import { ProjectTeamAccess1796300000000 } from './1796300000000-ProjectTeamAccess';

/** Migrations in order. Listed explicitly so ts-jest and the compiled server load the same classes. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  Init1763770000000,
  Secrets1763780000000,
  AccessAudit1763790000000,
  Integrations1763800000000,
  PrincipalNotify1763810000000,
  AttemptReservations1763813000000,
  RepositoryMapping1763820000000,
  ConcordImport1796197899545,
  ProjectTeamAccess1796300000000,
];
