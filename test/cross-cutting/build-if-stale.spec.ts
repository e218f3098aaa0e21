import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * `npm start` (and `npm run keys:rotate`) build through scripts/build-if-stale.mjs: only when there is
 * no build, or an input changed since the last successful one. Run here on a small project of its own
 * whose "build" counts its runs.
 */
const SCRIPT = path.resolve(__dirname, '..', '..', 'scripts', 'build-if-stale.mjs');

describe('npm start builds only when the build is stale', () => {
  let root: string;
  const builds = () => Number(fs.readFileSync(path.join(root, 'builds'), 'utf8'));
  const run = () =>
    spawnSync(process.execPath, [SCRIPT], { env: { ...process.env, STRONGROOM_BUILD_ROOT: root }, encoding: 'utf8' });
  /** Makes `file` newer than the last build, as an edit after it would (the stamp is moved back instead of waiting). */
  const edit = (file: string) => {
    const at = (ago: number, ...files: string[]) => {
      for (const f of files) fs.utimesSync(path.join(root, f), new Date(Date.now() - ago), new Date(Date.now() - ago));
    };
    at(90_000, 'src', ...fs.readdirSync(path.join(root, 'src')).map((f) => `src/${f}`), 'tsconfig.json');
    at(90_000, 'tsconfig.build.json', 'package.json');
    at(60_000, 'dist/.build-stamp');
    at(30_000, file);
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-build-'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'main.ts'), 'export {};\n');
    fs.writeFileSync(path.join(root, 'src', 'other.ts'), 'export {};\n');
    fs.writeFileSync(path.join(root, 'tsconfig.json'), '{}\n');
    fs.writeFileSync(path.join(root, 'tsconfig.build.json'), '{}\n');
    fs.writeFileSync(path.join(root, 'builds'), '0');
    // The build: counts itself, takes a moment, fails while a FAIL file exists (and empties dist/ as nest build does).
    fs.writeFileSync(
      path.join(root, 'build.js'),
      `const fs = require('fs');
       if (fs.existsSync('FAIL')) process.exit(2);
       fs.rmSync('dist', { recursive: true, force: true });
       fs.mkdirSync('dist');
       fs.writeFileSync('builds', String(Number(fs.readFileSync('builds', 'utf8')) + 1));
       setTimeout(() => fs.writeFileSync('dist/main.js', ''), 300);`,
    );
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ scripts: { build: 'node build.js' } }));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('builds when there is no build, then not again until an input changes', () => {
    expect(run().status).toBe(0);
    expect(builds()).toBe(1);
    expect(fs.existsSync(path.join(root, 'dist', 'main.js'))).toBe(true);
    expect(run().status).toBe(0);
    expect(builds()).toBe(1);

    edit('src/main.ts');
    const changed = run();
    expect(changed.stderr).toContain('Building (src changed since the last build)');
    expect(builds()).toBe(2);
    expect(run().status).toBe(0);
    expect(builds()).toBe(2);

    edit('tsconfig.build.json');
    expect(run().stderr).toContain('tsconfig.build.json changed');
    expect(builds()).toBe(3);
  });

  it('notices a deleted source file (its folder changes)', () => {
    run();
    fs.rmSync(path.join(root, 'src', 'other.ts'));
    edit('src');
    run();
    expect(builds()).toBe(2);
  });

  it('fails with the build, and builds again next time (no stamp for a failed build)', () => {
    run();
    edit('src/main.ts');
    fs.writeFileSync(path.join(root, 'FAIL'), '');
    const failed = run();
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('The build failed (exit code 2)');
    fs.rmSync(path.join(root, 'FAIL'));
    expect(run().status).toBe(0);
    expect(builds()).toBe(2);
  });

  it('builds once when two callers find the build stale at the same time', async () => {
    const both = [0, 1].map(
      () =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, [SCRIPT], {
            env: { ...process.env, STRONGROOM_BUILD_ROOT: root },
            stdio: 'ignore',
          });
          child.on('exit', (code) => resolve(code));
        }),
    );
    expect(await Promise.all(both)).toEqual([0, 0]);
    expect(builds()).toBe(1);
    expect(fs.existsSync(path.join(root, '.build-lock'))).toBe(false);
  });
});
