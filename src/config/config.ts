import * as os from 'node:os';
import * as path from 'node:path';

/** Raised for a configuration the server must refuse to start with. The message never echoes a key. */
export class ConfigError extends Error {}

export type Visibility = 'PUBLIC' | 'PRIVATE';

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  /** When set, the server uses this PostgreSQL instead of the embedded one. */
  databaseUrl?: string;
  /** Raw `STRONGROOM_SERVER_KEYS`; parsed by the keyring, which owns key handling. */
  serverKeys?: string;
  adminApiKey?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  corsOrigin?: string;
  /** The built web console (`npm run build` writes it to dist/console). */
  consoleDir: string;
  /** Serve HTTPS with this certificate chain and private key (PEM files); plain HTTP when unset. */
  tls?: { certFile: string; keyFile: string };
  secureCookies: boolean;
  sessionTimeoutSeconds: number;
  secrets: {
    maxDataSize: number;
    keyPoolSize: number;
    rsaBits: number;
    defaultVisibility: Visibility;
    argon2: { memoryKiB: number; iterations: number; parallelism: number };
    /** How many argon2 derivations run at once, and how many may wait before a 503. */
    kdfConcurrency: number;
    kdfQueueLimit: number;
  };
  bruteForce: { maxFailures: number; windowSeconds: number };
  http: HttpLimits;
  /** Client-side bound on every PostgreSQL round trip (connect, pool acquire, query), ms. */
  databaseTimeoutMs: number;
  operations: {
    /** How long start-up keeps trying an external database that refuses or cannot be reached. */
    databaseWaitSeconds: number;
    /** How long the health check waits for the database before calling it down. */
    healthTimeoutMs: number;
    /** How long a stop waits for requests in flight before closing their connections. */
    shutdownGraceSeconds: number;
    /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
    metricsToken?: string;
  };
}

/** What one request may send and how long it may take (see docs/limits.md). */
export interface HttpLimits {
  /** Largest multipart body, bytes: two payload-sized parts plus room for the small fields. */
  multipartBytes: number;
  /** Largest JSON body, bytes: a payload in base64 (v1 update) plus room for the other fields. */
  jsonBytes: number;
  /** Largest body of any other type (those bodies are never read). */
  otherBytes: number;
  /** Deepest nesting of arrays and objects a JSON body may have. */
  jsonDepth: number;
  headersTimeoutMs: number;
  /** Whole request, headers and body: the largest body still arrives on a slow link. */
  requestTimeoutMs: number;
  /** A body that sends nothing for this long is cut off (408). */
  bodyIdleTimeoutMs: number;
}

/** The slowest link the request timeout still serves the largest body on: 128 kbit/s. */
const SLOW_LINK_BYTES_PER_SECOND = 16 * 1024;

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got '${raw}'`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got '${raw}'`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const found = allowed.find((a) => a === raw);
  if (!found) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got '${raw}'`);
  return found;
}

/** Validates the environment once, at boot, into a typed config: a missing or malformed setting stops the start. */
export function loadConfig(env: Env = process.env): AppConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  }
  const maxDataSize = integer(env, 'STRONGROOM_MAX_SECRET_DATA_SIZE', 1048576, 1, 64 * 1048576);
  const tls = tlsFiles(env);
  return {
    port: integer(env, 'PORT', 8001, 0, 65535),
    host: env.STRONGROOM_HOST || '0.0.0.0',
    dataDir: path.resolve(env.STRONGROOM_DATA_DIR || './data'),
    databaseUrl,
    serverKeys: env.STRONGROOM_SERVER_KEYS?.trim() || undefined,
    adminApiKey: env.STRONGROOM_ADMIN_API_KEY?.trim() || undefined,
    logLevel: oneOf(env, 'STRONGROOM_LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    corsOrigin: env.STRONGROOM_CORS_ORIGIN || undefined,
    // From dist/src/config/ (where `npm start` runs this file) up to dist/console.
    consoleDir: path.resolve(env.STRONGROOM_CONSOLE_DIR || path.join(__dirname, '..', '..', 'console')),
    tls,
    // Behind HTTPS served here the session cookie is always Secure; behind a TLS proxy, say so.
    secureCookies: tls ? true : boolean(env, 'STRONGROOM_SECURE_COOKIES', false),
    sessionTimeoutSeconds: integer(env, 'STRONGROOM_SESSION_TIMEOUT', 1800, 60, 30 * 24 * 3600),
    secrets: {
      maxDataSize,
      keyPoolSize: integer(env, 'STRONGROOM_KEY_POOL_SIZE', 4, 0, 64),
      rsaBits: integer(env, 'STRONGROOM_RSA_BITS', 4096, 2048, 8192),
      defaultVisibility: oneOf(env, 'STRONGROOM_DEFAULT_VISIBILITY', ['PUBLIC', 'PRIVATE'] as const, 'PUBLIC'),
      argon2: {
        memoryKiB: integer(env, 'STRONGROOM_ARGON2_MEMORY_KIB', 19456, 1024, 4 * 1048576),
        iterations: integer(env, 'STRONGROOM_ARGON2_ITERATIONS', 2, 1, 100),
        parallelism: integer(env, 'STRONGROOM_ARGON2_PARALLELISM', 1, 1, 16),
      },
      kdfConcurrency: integer(env, 'STRONGROOM_KDF_CONCURRENCY', defaultKdfConcurrency(), 1, 64),
      kdfQueueLimit: integer(env, 'STRONGROOM_KDF_QUEUE_LIMIT', 64, 0, 100000),
    },
    bruteForce: {
      maxFailures: integer(env, 'STRONGROOM_MAX_FAILED_ATTEMPTS', 10, 1, 100000),
      windowSeconds: integer(env, 'STRONGROOM_LOCKOUT_SECONDS', 300, 1, 86400),
    },
    http: httpLimits(
      maxDataSize,
      integer(env, 'STRONGROOM_HEADERS_TIMEOUT', 20, 1, 600),
      integer(env, 'STRONGROOM_BODY_IDLE_TIMEOUT', 30, 1, 3600),
    ),
    databaseTimeoutMs: integer(env, 'STRONGROOM_DB_TIMEOUT_MS', 3000, 100, 600000),
    operations: {
      databaseWaitSeconds: integer(env, 'STRONGROOM_DATABASE_WAIT_SECONDS', 30, 0, 3600),
      healthTimeoutMs: integer(env, 'STRONGROOM_HEALTH_TIMEOUT_MS', 1000, 100, 60000),
      shutdownGraceSeconds: integer(env, 'STRONGROOM_SHUTDOWN_GRACE_SECONDS', 5, 0, 300),
      metricsToken: metricsToken(env),
    },
  };
}

/** Body limits follow the largest secret; the request timeout follows the largest body. */
export function httpLimits(maxDataSize: number, headersTimeoutSeconds: number, bodyIdleSeconds: number): HttpLimits {
  const multipartBytes = maxDataSize * 2 + 256 * 1024;
  const jsonBytes = Math.ceil((maxDataSize * 4) / 3) + 64 * 1024;
  const largest = Math.max(multipartBytes, jsonBytes);
  const headersTimeoutMs = headersTimeoutSeconds * 1000;
  return {
    multipartBytes,
    jsonBytes,
    otherBytes: 64 * 1024,
    jsonDepth: 32,
    headersTimeoutMs,
    requestTimeoutMs: headersTimeoutMs + Math.max(60_000, Math.ceil((largest / SLOW_LINK_BYTES_PER_SECOND) * 1000)),
    bodyIdleTimeoutMs: bodyIdleSeconds * 1000,
  };
}

function tlsFiles(env: Env): AppConfig['tls'] {
  const certFile = env.STRONGROOM_TLS_CERT?.trim() || undefined;
  const keyFile = env.STRONGROOM_TLS_KEY?.trim() || undefined;
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) {
    throw new ConfigError('STRONGROOM_TLS_CERT and STRONGROOM_TLS_KEY go together: set both (PEM files) or neither');
  }
  return { certFile: path.resolve(certFile), keyFile: path.resolve(keyFile) };
}

function metricsToken(env: Env): string | undefined {
  const token = env.STRONGROOM_METRICS_TOKEN;
  if (token === undefined || token === '') return undefined;
  if (token.length < 16 || /\s/.test(token)) {
    throw new ConfigError('STRONGROOM_METRICS_TOKEN must be at least 16 characters without spaces');
  }
  return token;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * argon2id derivations at once: one core fewer than the machine has (at least one), so a flood of
 * store-password reads cannot take every core from the event loop serving everything else.
 */
export function defaultKdfConcurrency(): number {
  return Math.max(1, os.availableParallelism() - 1);
}
