import type { NestExpressApplication } from '@nestjs/platform-express';
import * as os from 'node:os';
import * as path from 'node:path';
import { createApp } from '../app';
import { loadConfig } from '../config/config';

/** A URL nothing listens on: the offline app must never try it. */
export const OFFLINE_DATABASE_URL = 'postgres://offline/none';

/**
 * The application built for its route metadata only: no database connection (TypeORM's
 * manualInitialization), no listening socket, and a throwaway in-memory server key so nothing reads
 * or writes a data dir. Not init()ed: lifecycle hooks are not needed to read the decorators.
 * Used by `npm run openapi` and test/cross-cutting/openapi.spec.ts.
 */
export async function createOfflineApp(): Promise<NestExpressApplication> {
  const config = loadConfig({
    STRONGROOM_DATA_DIR: path.join(os.tmpdir(), 'strongroom-offline-unused'),
    STRONGROOM_SERVER_KEYS: `offline:${Buffer.alloc(32).toString('base64')}`,
    STRONGROOM_KEY_POOL_SIZE: '0',
  });
  return createApp({ config, databaseUrl: OFFLINE_DATABASE_URL, offline: true });
}
