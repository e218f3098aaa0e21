import * as fs from 'node:fs';
import * as path from 'node:path';
import { StartupError } from '../common/startup-error';

/** What `postmaster.pid` says about a PostgreSQL server running on a cluster directory. */
export interface Postmaster {
  pid: number;
  port: number;
}

/**
 * The file beside the cluster that names the Strongroom process (node pid) that started its
 * PostgreSQL. A postmaster whose starter is gone was left behind by a crash or `kill -9`.
 */
export const OWNER_FILE = 'embedded-postgres.owner';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's process (PostgreSQL runs as `postgres` when we are root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The postmaster running on `clusterDir`, from its pid file, or undefined when none runs. */
export function runningPostmaster(clusterDir: string): Postmaster | undefined {
  let lines: string[];
  try {
    lines = fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  // The pid may since belong to another process; on Linux, check it is a postgres on this cluster.
  const cmdline = readProc(pid, 'cmdline');
  if (cmdline !== undefined && !(cmdline.includes('postgres') && cmdline.includes(clusterDir))) return undefined;
  return { pid, port: Number.isInteger(port) ? port : 0 };
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
}

/** The parent pid of a process (Linux), or undefined where /proc cannot tell. */
function parentPid(pid: number): number | undefined {
  const stat = readProc(pid, 'stat');
  // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields?.[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

export function recordOwner(dataDir: string): void {
  fs.writeFileSync(path.join(dataDir, OWNER_FILE), `${process.pid}\n`, { mode: 0o600 });
}

export function clearOwner(dataDir: string): void {
  fs.rmSync(path.join(dataDir, OWNER_FILE), { force: true });
}

/**
 * Whether the Strongroom process that started `postmaster` still runs. It is its parent for as long
 * as it lives; once it dies the postmaster is re-parented, so the recorded owner no longer matches.
 * Without an owner file (a cluster started by an older Strongroom), a live Node parent counts as one.
 */
function ownerStillRuns(dataDir: string, postmaster: Postmaster): number | undefined {
  const parent = parentPid(postmaster.pid);
  let owner: number;
  try {
    owner = Number(fs.readFileSync(path.join(dataDir, OWNER_FILE), 'utf8').trim());
  } catch {
    const parentIsNode = parent !== undefined && parent > 1 && /\bnode\b/.test(readProc(parent, 'cmdline') ?? '');
    return parentIsNode ? parent : undefined;
  }
  if (!Number.isInteger(owner) || owner <= 0 || !isAlive(owner)) return undefined;
  return parent === undefined || parent === owner ? owner : undefined;
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * A PostgreSQL still running on our cluster when we start. If the Strongroom that started it is
 * gone (killed with -9, out of memory), it is stopped the way PostgreSQL's own `pg_ctl stop -m fast`
 * does (SIGINT: disconnect clients, checkpoint, exit). If that Strongroom still runs, starting a
 * second one on the same data dir is refused.
 */
export async function stopLeftoverPostmaster(
  dataDir: string,
  clusterDir: string,
  log: (message: string) => void,
): Promise<void> {
  const postmaster = runningPostmaster(clusterDir);
  if (!postmaster) return;
  const owner = ownerStillRuns(dataDir, postmaster);
  if (owner !== undefined) {
    throw new StartupError(
      `embedded PostgreSQL: the cluster under ${clusterDir} is in use by PostgreSQL pid ${postmaster.pid}, started by ` +
        `Strongroom process ${owner}, which is still running. Stop that server first, or give this one another ` +
        'STRONGROOM_DATA_DIR.',
    );
  }
  log(
    `Stopping the embedded PostgreSQL (pid ${postmaster.pid}) left running under ${clusterDir} by a Strongroom ` +
      'process that is gone',
  );
  process.kill(postmaster.pid, 'SIGINT');
  if (await waitForExit(postmaster.pid, 30_000)) return;
  // Immediate shutdown: PostgreSQL recovers from its write-ahead log on the next start.
  process.kill(postmaster.pid, 'SIGQUIT');
  if (await waitForExit(postmaster.pid, 10_000)) return;
  throw new StartupError(
    `embedded PostgreSQL: the PostgreSQL (pid ${postmaster.pid}) left running under ${clusterDir} did not stop; ` +
      `stop it (kill ${postmaster.pid}) and start again`,
  );
}
