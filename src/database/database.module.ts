import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';
import { SessionsRepository } from '../auth/sessions.repository';
import { OrgsRepository } from '../orgs/orgs.repository';
import { ProjectsRepository } from '../projects/projects.repository';
import { TeamsRepository } from '../teams/teams.repository';
import { UserLookup } from '../users/user-lookup';
import { UsersRepository } from '../users/users.repository';
import { DatabaseMetrics } from './database.metrics';
import { ENTITIES } from './entities';
import { PreparedQueries } from './prepared-queries';
import { TransactionRunner } from './transaction';

const SHARED = [
  TransactionRunner,
  PreparedQueries,
  UsersRepository,
  ApiKeysRepository,
  SessionsRepository,
  OrgsRepository,
  TeamsRepository,
  ProjectsRepository,
  UserLookup,
];

/** Repositories used across features. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(ENTITIES)],
  providers: [...SHARED, DatabaseMetrics],
  exports: [TypeOrmModule, ...SHARED],
})
export class DatabaseModule {}
