import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { Metrics } from '../metrics/metrics.service';

/** Series for the PostgreSQL connection pool the app's queries use. */
@Injectable()
export class DatabaseMetrics {
  constructor(metrics: Metrics, dataSource: DataSource) {
    const pool = (): Pool | undefined => (dataSource.driver as PostgresDriver).master as Pool | undefined;
    metrics.gauge<'state'>({
      name: 'strongroom_db_pool_connections',
      help: 'Connections of the database pool: open (total), of which idle; and queries waiting for one (waiting)',
      labelNames: ['state'],
      collect() {
        const p = pool();
        this.set({ state: 'total' }, p?.totalCount ?? 0);
        this.set({ state: 'idle' }, p?.idleCount ?? 0);
        this.set({ state: 'waiting' }, p?.waitingCount ?? 0);
      },
    });
    metrics.gauge({
      name: 'strongroom_db_pool_max_connections',
      help: 'Most connections the database pool opens',
      collect() {
        this.set(pool()?.options.max ?? 0);
      },
    });
  }
}
