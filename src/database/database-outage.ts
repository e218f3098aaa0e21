import { AppError } from '../common/errors';
import { logger } from '../common/json-logger';

/** pg's message when `query_timeout` gives up on a query the server has not answered. */
export const QUERY_READ_TIMEOUT = 'Query read timeout';

/** Seconds a client is asked to wait before retrying while the database does not answer. */
const RETRY_AFTER_SECONDS = 5;

/** 503 with Retry-After: PostgreSQL is down, unreachable or not answering in time. */
export class DatabaseUnavailable extends AppError {
  readonly status = 503;
  readonly body = 'text';
  constructor() {
    super('The database is not answering; try again shortly');
    this.headers['Retry-After'] = String(RETRY_AFTER_SECONDS);
  }
}

// pg's own messages for a connection that failed, timed out or was closed under a query.
const CONNECTION_MESSAGES = [
  QUERY_READ_TIMEOUT,
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Client was closed and is not queryable',
  'Client has encountered a connection error and is not queryable',
];
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// SQLSTATEs of a server that is shutting down, starting, full, or cancelled a statement for taking too long.
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);

/**
 * True when an error means the database could not be used at all (as opposed to a statement that
 * failed on its own merits). TypeORM wraps driver errors in `driverError`; a transaction whose
 * connection died is reported as an already released query runner.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    const { message, code, name } = e as { message?: unknown; code?: unknown; name?: unknown };
    if (name === 'QueryRunnerAlreadyReleasedError') return true;
    if (typeof message === 'string' && CONNECTION_MESSAGES.some((m) => message.startsWith(m))) return true;
    if (
      typeof code === 'string' &&
      (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08'))
    ) {
      return true;
    }
    e = (e as { driverError?: unknown }).driverError;
  }
  return false;
}

/**
 * One warning when the database stops answering, one line when it answers again: an outage costs
 * the log two lines, however many requests it refused. Recovery needs nothing from anyone: pg's pool
 * opens fresh connections, and the first statement that succeeds closes the incident.
 */
class OutageLog {
  private since?: number;
  private refused = 0;

  /** The 503 to answer with, noting the incident (logged once). */
  refuse(error: unknown): DatabaseUnavailable {
    this.failed(error);
    this.refused++;
    return new DatabaseUnavailable();
  }

  /** A failure seen outside a request (an idle pooled connection dropped, the listener lost). */
  failed(error: unknown): void {
    if (this.since !== undefined) return;
    this.since = Date.now();
    this.refused = 0;
    const reason = error instanceof Error ? error.message : String(error);
    logger.warn(
      `Database unavailable (${reason}); answering 503 until it answers again. Check that PostgreSQL is running and reachable`,
      'database',
    );
  }

  answered(): void {
    if (this.since === undefined) return;
    const seconds = Math.round((Date.now() - this.since) / 100) / 10;
    this.since = undefined;
    logger.log(
      `Database answering again after ${seconds} s; ${this.refused} requests were refused meanwhile`,
      'database',
    );
  }
}

export const databaseOutage = new OutageLog();
