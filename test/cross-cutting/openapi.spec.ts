import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildOpenApiDocument, toYaml } from '../../src/openapi/api-docs';
import { createOfflineApp } from '../../src/bin/offline-app';

const COMMITTED = path.resolve(__dirname, '..', '..', 'openapi.yaml');

/** openapi.yaml is generated from the decorators and must match the code. */
describe('openapi.yaml', () => {
  it('matches the document generated from the code', async () => {
    const app = await createOfflineApp();
    let generated: string;
    try {
      generated = toYaml(buildOpenApiDocument(app));
    } finally {
      await app.close();
    }
    const committed = fs.existsSync(COMMITTED) ? fs.readFileSync(COMMITTED, 'utf8') : '';
    if (committed !== generated) {
      throw new Error(
        `openapi.yaml is out of date with the controllers' decorators: run \`npm run openapi\` and commit the result.\n` +
          firstDifference(committed, generated),
      );
    }
  });
});

function firstDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return `First difference at line ${i + 1}:\n  committed: ${a[i] ?? '<end of file>'}\n  generated: ${b[i] ?? '<end of file>'}`;
    }
  }
  return '';
}
