import { Client } from 'pg';
import { describeError, StartupError } from '../common/startup-error';

/** `host:port/database` of a postgres URL, for messages: never the password. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname || 'localhost';
    return `${host}:${u.port || '5432'}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return 'DATABASE_URL';
  }
}

interface Diagnosis {
  /** Worth trying again: the server may come up, or finish starting. */
  transient: boolean;
  /** What happened, as a clause after "the database at host:port/db". */
  what: string;
}

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Turns a pg or socket error into an explanation and whether to retry. */
export function diagnose(error: unknown): Diagnosis {
  const e = error as { code?: string; message?: string };
  const code = e?.code ?? '';
  const message = describeError(error);
  if (code === 'ECONNREFUSED')
    return { transient: true, what: 'refused the connection (is PostgreSQL running there?)' };
  if (code === 'ENOTFOUND') return { transient: true, what: 'has a host name that does not resolve' };
  if (TRANSIENT_CODES.has(code)) return { transient: true, what: `could not be reached (${code})` };
  if (/timeout/i.test(message)) return { transient: true, what: 'did not answer in time' };
  switch (code) {
    case '57P03':
      return { transient: true, what: 'is starting up or shutting down' };
    case '53300':
      return { transient: true, what: 'has no connection slot left (too many clients)' };
    case '28P01':
    case '28000':
      return { transient: false, what: `refused the login: ${message} (check the user and password in DATABASE_URL)` };
    case '3D000':
      return {
        transient: false,
        what: `has no such database: ${message} (create it, or fix the name in DATABASE_URL)`,
      };
    default:
      return { transient: false, what: `failed: ${message}` };
  }
}

export interface WaitOptions {
  /** How long to keep trying while the failure is transient; 0 tries once. */
  timeoutMs: number;
  /** Names the database in messages: "the database at …" or "the embedded PostgreSQL at …". */
  label: string;
  onRetry?: (message: string) => void;
}

async function tryOnce(url: string, timeoutMs: number): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  // An error event after connect (the server going away) must not become an uncaught exception.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Waits until the database accepts a connection and answers a query. Transient failures (refused,
 * unreachable, starting up) are retried with a growing pause until the time is up; a wrong password
 * or a missing database fails at once. The error names the database and what to do.
 */
export async function waitForDatabase(url: string, options: WaitOptions): Promise<void> {
  const where = `${options.label} at ${describeDatabase(url)}`;
  const deadline = Date.now() + options.timeoutMs;
  let pause = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      await tryOnce(url, Math.max(1000, Math.min(5000, deadline - Date.now())));
      return;
    } catch (error) {
      const { transient, what } = diagnose(error);
      const left = deadline - Date.now();
      if (!transient || left <= 0) {
        const waited = attempt > 1 ? ` (tried ${attempt} times over ${Math.round(options.timeoutMs / 1000)} s)` : '';
        throw new StartupError(`${where} ${what}${waited}`);
      }
      options.onRetry?.(`${where} ${what}; trying again for up to ${Math.ceil(left / 1000)} s`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
      pause = Math.min(pause * 2, 2000);
    }
  }
}
