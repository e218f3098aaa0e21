import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';

/**
 * Hot-path reads (authentication, secret reads) as named prepared statements on TypeORM's own pg
 * pool: PostgreSQL parses and plans each statement once per connection, and TypeORM's query layer is
 * skipped. Only for single statements outside transactions; everything else goes through TypeORM.
 */
@Injectable()
export class PreparedQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async rows<T extends QueryResultRow>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const result = await pool.query<T>({ name, text, values });
    return result.rows;
  }
}
