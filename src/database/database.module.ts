import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseMetrics } from './database.metrics';
import { AppPoolWatchdog } from './pool-watchdog';
import { PreparedQueries } from './prepared-queries';
import { ServerStateEntity } from './server-state.entity';
import { TransactionRunner } from './transaction';

/**
 * What every feature needs from the database: the transaction runner and prepared queries. It knows no
 * feature: each feature module registers its own entities and exports its own repository.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ServerStateEntity])],
  providers: [TransactionRunner, PreparedQueries, DatabaseMetrics, AppPoolWatchdog],
  exports: [TypeOrmModule, TransactionRunner, PreparedQueries],
})
export class DatabaseModule {}
