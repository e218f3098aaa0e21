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
}

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

/** Validates the environment once, at boot, into a typed config (STYLE.md §8). */
export function loadConfig(env: Env = process.env): AppConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  }
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
    secureCookies: boolean(env, 'STRONGROOM_SECURE_COOKIES', false),
    sessionTimeoutSeconds: integer(env, 'STRONGROOM_SESSION_TIMEOUT', 1800, 60, 30 * 24 * 3600),
    secrets: {
      maxDataSize: integer(env, 'STRONGROOM_MAX_SECRET_DATA_SIZE', 1048576, 1, 64 * 1048576),
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
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * argon2id derivations at once: one core fewer than the machine has (at least one), so a flood of
 * store-password reads cannot take every core from the event loop serving everything else.
 */
export function defaultKdfConcurrency(): number {
  return Math.max(1, os.availableParallelism() - 1);
}
