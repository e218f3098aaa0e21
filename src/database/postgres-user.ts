import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StartupError } from '../common/startup-error';

/** The user PostgreSQL runs as when Strongroom runs as root (PostgreSQL refuses to run as root). */
export interface RunAs {
  name: string;
  uid: number;
  gid: number;
}

const POSTGRES_USER = 'postgres';

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function lookup(name: string): RunAs | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: 'pipe' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: 'pipe' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { name, uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/** As root: the `postgres` user, created (with its group) when the machine has none. */
export function postgresRunAs(): RunAs {
  const existing = lookup(POSTGRES_USER);
  if (existing) return existing;
  try {
    execFileSync('groupadd', ['-f', POSTGRES_USER], { stdio: 'pipe' });
    execFileSync('useradd', ['-g', POSTGRES_USER, '-M', '-s', '/usr/sbin/nologin', POSTGRES_USER], { stdio: 'pipe' });
  } catch (error) {
    const detail = (error as { stderr?: Buffer }).stderr?.toString().trim() || String(error);
    throw new StartupError(
      `embedded PostgreSQL: running as root, Strongroom runs PostgreSQL as user '${POSTGRES_USER}' (PostgreSQL ` +
        `refuses to run as root), and creating that user failed: ${detail}. Create it (useradd ${POSTGRES_USER}), ` +
        'run Strongroom as a non-root user, or set DATABASE_URL to an external PostgreSQL.',
    );
  }
  const created = lookup(POSTGRES_USER);
  if (!created) throw new StartupError(`embedded PostgreSQL: user '${POSTGRES_USER}' was created but cannot be found`);
  return created;
}

/** True when `user` can search (a directory) or run (a file) `target`: asks the system, as that user. */
function canReach(user: RunAs, target: string): boolean {
  const probe = spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'probe', target], { uid: user.uid, gid: user.gid });
  return probe.status === 0;
}

/** The first directory on the way to `target` that `user` may not search, by its mode bits. */
function firstBlockingDirectory(user: RunAs, target: string): { dir: string; stat: fs.Stats } | undefined {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const dir = path.sep + parts.slice(0, i).join(path.sep);
    const stat = fs.statSync(dir);
    if (!stat.isDirectory()) return undefined;
    // A child started with a uid and gid gets no supplementary groups: owner, group or other bits decide.
    const owner = stat.uid === user.uid;
    const bits = owner ? (stat.mode >> 6) & 7 : stat.gid === user.gid ? (stat.mode >> 3) & 7 : stat.mode & 7;
    if (!(bits & 1)) return { dir, stat };
  }
  return undefined;
}

/**
 * As root, PostgreSQL runs as `postgres`, which must reach both its binaries (under node_modules) and
 * the data dir. A checkout or data dir under a private home (e.g. /root, mode 0700) cannot be
 * reached: this says which directory blocks it and how to fix that, instead of PostgreSQL's own
 * "Permission denied" after a failed start.
 */
export function assertReachable(user: RunAs, targets: { path: string; what: string; move: string }[]): void {
  for (const target of targets) {
    if (canReach(user, target.path)) continue;
    const blocking = firstBlockingDirectory(user, target.path);
    const where = blocking
      ? `${blocking.dir} (mode ${(blocking.stat.mode & 0o777).toString(8).padStart(4, '0')}, owner uid ${blocking.stat.uid})`
      : `a directory on the way to ${target.path}`;
    throw new StartupError(
      `embedded PostgreSQL: Strongroom runs as root, so it runs PostgreSQL as user '${user.name}' (PostgreSQL ` +
        `refuses to run as root), and '${user.name}' cannot enter ${where}, which holds ${target.what} ` +
        `(${target.path}). Fix one of: ${target.move}; run Strongroom as a non-root user; let '${user.name}' ` +
        `pass through with \`chmod o+x ${blocking?.dir ?? path.dirname(target.path)}\`; or set DATABASE_URL to an ` +
        'external PostgreSQL.',
    );
  }
}
