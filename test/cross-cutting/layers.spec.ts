import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const SCRIPT = path.resolve(__dirname, '../../scripts/layers.mjs');

/** The layering of src/ (docs/architecture.md) holds: no folder imports a layer above its own. */
describe('layers of src/', () => {
  it('has no upward import, and every folder has a layer', () => {
    // The script throws (non-zero exit) for a folder it has no layer for.
    const report = execFileSync(process.execPath, [SCRIPT, '--list'], { encoding: 'utf8' });
    expect(report.trim().split('\n')).toEqual([expect.stringMatching(/; upward: 0$/)]);
  });

  it('notices an upward import', () => {
    const fixture = path.resolve(__dirname, '../fixtures/layers');
    const report = execFileSync(process.execPath, [SCRIPT, '--list'], {
      encoding: 'utf8',
      env: { ...process.env, LAYERS_SRC: fixture },
    });
    expect(report).toContain('upward: 1');
    expect(report).toContain('common/leaf.ts -> secrets/feature (common 0 -> secrets 3)');
  });
});
