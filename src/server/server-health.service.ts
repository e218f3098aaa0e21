import { Injectable } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { DatabaseHealth } from '../database/database-health';

/** Readiness: every dependency the server needs to answer requests. */
@Injectable()
export class ServerHealth {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealth,
  ) {}

  /** 200 with each check's state, or 503 (terminus's ServiceUnavailableException) naming the checks that failed. */
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database.check()]);
  }
}
