import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import * as net from 'node:net';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { APP_CONFIG, AppConfig } from '../config/config';
import { logger } from '../common/json-logger';
import { describeError } from '../common/startup-error';
import { describeDatabase } from './database-wait';

/**
 * Readiness of the database: `SELECT 1` on a connection of its own (never one of the pool's, so a
 * stalled database cannot make health checks take pool connections), answered within the health
 * timeout or called down. A connection that timed out is dropped, not reused. Concurrent checks share
 * one probe, and a change between up and down is logged once.
 */
@Injectable()
export class DatabaseHealth implements OnModuleDestroy {
  private client?: Client;
  private socket?: net.Socket;
  private probe?: Promise<string | undefined>;
  private lastFailure: string | undefined;
  private readonly url: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly indicators: HealthIndicatorService,
    dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.url = (dataSource.options as PostgresConnectionOptions).url ?? '';
    this.timeoutMs = config.operations.healthTimeoutMs;
  }

  async check(): Promise<HealthIndicatorResult<'database'>> {
    this.probe ??= this.runProbe().finally(() => (this.probe = undefined));
    const failure = await this.probe;
    const indicator = this.indicators.check('database');
    return failure === undefined ? indicator.up() : indicator.down({ message: failure });
  }

  /** Undefined when the database answered, else why not. */
  private async runProbe(): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`no answer within ${this.timeoutMs} ms`), this.timeoutMs);
    });
    const query = this.ping().then(
      () => undefined,
      (error: unknown) => describeError(error),
    );
    const failure = await Promise.race([query, timeout]);
    clearTimeout(timer);
    if (failure !== undefined) this.drop();
    this.report(failure);
    return failure;
  }

  private async ping(): Promise<void> {
    if (!this.client) {
      const client = new Client({
        connectionString: this.url,
        // Our own socket, so a stalled connection can be torn down without waiting for the server.
        stream: () => (this.socket = new net.Socket()),
        application_name: 'strongroom-health',
      });
      client.on('error', () => this.drop());
      this.client = client;
      await client.connect();
    }
    await this.client.query('SELECT 1');
  }

  private drop(): void {
    this.socket?.destroy();
    this.socket = undefined;
    this.client = undefined;
  }

  private report(failure: string | undefined): void {
    if (failure !== undefined && this.lastFailure === undefined) {
      logger.error(`Health: the database at ${describeDatabase(this.url)} is down: ${failure}`, undefined, 'health');
    } else if (failure === undefined && this.lastFailure !== undefined) {
      logger.log(`Health: the database at ${describeDatabase(this.url)} answers again`, 'health');
    }
    this.lastFailure = failure;
  }

  onModuleDestroy(): void {
    this.drop();
  }
}
