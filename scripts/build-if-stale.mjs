#!/usr/bin/env node
// Runs `npm run build` only when the build is missing or older than its inputs (what `npm start`
// and `npm run keys:rotate` need). Inputs are listed once, below; add a folder here when a new part
// of the build (a web console, ...) gets sources of its own. The stamp is written only after a
// build succeeds, so a failed or interrupted build is redone. A lock keeps two callers (two test
// files, or two terminals) from building into the same dist/ at once.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(process.env.STRONGROOM_BUILD_ROOT ?? path.join(import.meta.dirname, '..'));
const INPUTS = [
  'src',
  'migrations',
  'bench',
  'web',
  'openapi.yaml',
  'package.json',
  'package-lock.json',
  'nest-cli.json',
  /^tsconfig.*\.json$/,
];
const STAMP = path.join(root, 'dist', '.build-stamp');
const LOCK = path.join(root, '.build-lock');
const LOCK_WAIT_MS = 10 * 60 * 1000;

/** The newest modification time under `entry` (directories count: a deleted file changes its folder's). */
function newest(entry) {
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  let time = stat.mtimeMs;
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(entry)) time = Math.max(time, newest(path.join(entry, name)));
  }
  return time;
}

function inputs() {
  const names = fs.readdirSync(root);
  return INPUTS.flatMap((input) =>
    typeof input === 'string' ? [input] : names.filter((name) => input.test(name)),
  ).map((name) => path.join(root, name));
}

function isStale() {
  let built;
  try {
    built = fs.statSync(STAMP).mtimeMs;
  } catch {
    return 'no build yet';
  }
  const changed = inputs().find((input) => newest(input) > built);
  return changed ? `${path.relative(root, changed)} changed since the last build` : undefined;
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function takeLock() {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    // A lock whose builder is gone (killed mid-build) is taken over.
    const holder = Number(fs.readFileSync(path.join(LOCK, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
    if (holder > 0 && !isAlive(holder)) {
      fs.rmSync(LOCK, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another build holds ${LOCK} for too long; remove it if none runs`);
    sleep(200);
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function main() {
  if (!isStale()) return 0;
  takeLock();
  try {
    // Another caller may have built while this one waited for the lock.
    const reason = isStale();
    if (!reason) return 0;
    process.stderr.write(`Building (${reason})...\n`);
    const started = Date.now();
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) {
      process.stderr.write(`The build failed (exit code ${build.status ?? build.signal}); fix the error above.\n`);
      return 1;
    }
    fs.mkdirSync(path.dirname(STAMP), { recursive: true });
    // Stamped with the time the build started: a source saved during the build makes the next call rebuild.
    fs.writeFileSync(STAMP, `${new Date(started).toISOString()}\n`);
    fs.utimesSync(STAMP, new Date(started), new Date(started));
    return 0;
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

process.exit(main());
