import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/app';
import { AppConfig, loadConfig } from '../../src/config/config';
import { setLogSink } from '../../src/common/json-logger';
import { AdminBootstrap } from '../../src/startup/admin-bootstrap';

/** A well-known admin key for tests (base64 of 16 bytes). */
export const TEST_ADMIN_KEY = 'dGVzdC1hZG1pbi1rZXkxMg';
export const TEST_SERVER_KEYS = `test1:${Buffer.alloc(32, 7).toString('base64')}`;

export interface TestApp {
  app: NestExpressApplication;
  http: TestAgent;
  config: AppConfig;
  adminKey: string;
  logs: string[];
  close(): Promise<void>;
}

export function testDatabaseUrl(): string {
  const url = process.env.STRONGROOM_TEST_DATABASE_URL;
  if (!url) throw new Error('STRONGROOM_TEST_DATABASE_URL is not set: run the tests through jest (globalSetup)');
  return url;
}

export function testConfig(env: Record<string, string> = {}): AppConfig {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-test-data-'));
  return loadConfig({
    STRONGROOM_DATA_DIR: dataDir,
    STRONGROOM_SERVER_KEYS: TEST_SERVER_KEYS,
    STRONGROOM_ADMIN_API_KEY: TEST_ADMIN_KEY,
    STRONGROOM_KEY_POOL_SIZE: '0',
    STRONGROOM_LOG_LEVEL: 'info',
    ...env,
  });
}

/**
 * The real application on the run's real PostgreSQL (or `databaseUrl`, e.g. the same database behind a
 * proxy), driven over HTTP by supertest.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  databaseUrl = testDatabaseUrl(),
): Promise<TestApp> {
  const config = testConfig(env);
  const logs: string[] = [];
  setLogSink((line) => logs.push(line));
  const app = await createApp({ config, databaseUrl });
  await app.init();
  await app.get(AdminBootstrap).run();
  return {
    app,
    http: request(app.getHttpServer()),
    config,
    adminKey: TEST_ADMIN_KEY,
    logs,
    close: async () => {
      await app.close();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The real application for the tests of the enclosing `describe` (or file): started in a `beforeAll`,
 * closed in an `afterAll`. The returned object is filled in when the app has started, so read its fields
 * inside tests and hooks, not while the describe is being declared.
 */
export function useTestApp(env: Record<string, string> = {}): TestApp {
  const handle = {} as TestApp;
  let started: TestApp | undefined;
  beforeAll(async () => {
    started = await startTestApp(env);
    Object.assign(handle, started);
  });
  afterAll(async () => {
    await started?.close();
  });
  return handle;
}
