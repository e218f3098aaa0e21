/**
 * Writes `openapi.yaml` at the repository top from the controllers' decorators, without a database.
 * Usage: npm run openapi. test/cross-cutting/openapi.spec.ts fails when the committed file differs.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildOpenApiDocument, toYaml } from '../openapi/api-docs';
import { createOfflineApp } from './offline-app';

export const OPENAPI_FILE = path.resolve(__dirname, '..', '..', 'openapi.yaml');

async function main(): Promise<void> {
  const app = await createOfflineApp();
  try {
    fs.writeFileSync(OPENAPI_FILE, toYaml(buildOpenApiDocument(app)));
  } finally {
    await app.close();
  }
  process.stdout.write(`Wrote ${OPENAPI_FILE}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `openapi generation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
