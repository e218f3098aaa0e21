import { Client } from 'pg';
import { QUERY_READ_TIMEOUT, databaseOutage } from './database-outage';

type Callback = (error: Error | null, result?: unknown) => void;

/**
 * A pg client that closes its connection when a query times out on the client side: for single
 * long-lived connections (the API-key listener). The pool's queries are bounded by PoolWatchdog.
 *
 * pg's `query_timeout` answers the caller but leaves the query running on the connection; the pool
 * would then hand that connection to the next caller, whose statements queue behind the stalled one
 * and, inside a transaction, could even be committed by a later COMMIT on the same connection. A
 * closed connection is dropped by the pool, and PostgreSQL rolls back whatever it had open.
 * A query that succeeds tells the outage log that the database answers again.
 */
export class GuardedClient extends Client {
  // pg's query() has many overloads; this wrapper only looks at the outcome and passes everything on.
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as Callback;
      args[last] = (error: Error | null, result?: unknown) => {
        this.settled(error);
        callback(error, result);
      };
    }
    const outcome = (super.query as (...a: unknown[]) => unknown).apply(this, args);
    if (outcome instanceof Promise) {
      return outcome.then(
        (result: unknown) => {
          this.settled(null);
          return result;
        },
        (error: unknown) => {
          this.settled(error);
          throw error;
        },
      ) as never;
    }
    return outcome as never;
  }

  private settled(error: unknown): void {
    if (!error) return databaseOutage.answered();
    if (error instanceof Error && error.message === QUERY_READ_TIMEOUT) {
      (this as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    }
  }
}
