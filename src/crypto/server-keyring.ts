import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../config/config';

export interface ServerKey {
  id: string;
  key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,32}$/;
export const KEY_FILE_NAME = 'server-keys';

/**
 * Parses `id:base64-of-32-bytes[,id:...]`; the first key is the active one. Errors name the entry by
 * position and never echo key material.
 */
export function parseKeyring(spec: string, source: string): ServerKey[] {
  // Comment lines go first: the key file's header comment itself contains a comma.
  const entries = spec
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  if (entries.length === 0) throw new ConfigError(`${source} holds no server key`);
  const keys: ServerKey[] = [];
  entries.forEach((entry, index) => {
    const where = `${source}: entry ${index + 1}`;
    const colon = entry.indexOf(':');
    if (colon < 0) throw new ConfigError(`${where} is malformed: expected <id>:<base64 of 32 bytes>`);
    const id = entry.slice(0, colon);
    const material = entry.slice(colon + 1);
    if (!KEY_ID.test(id)) throw new ConfigError(`${where} has an invalid key id (1-32 of A-Z a-z 0-9 . _ -)`);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(material)) throw new ConfigError(`${where} (key '${id}') is not valid base64`);
    const key = Buffer.from(material, 'base64');
    if (key.length !== 32) {
      throw new ConfigError(`${where} (key '${id}') must decode to 32 bytes, got ${key.length}`);
    }
    if (keys.some((k) => k.id === id)) throw new ConfigError(`${where} repeats key id '${id}'`);
    keys.push({ id, key });
  });
  return keys;
}

export function formatKey(key: ServerKey): string {
  return `${key.id}:${key.key.toString('base64')}`;
}

export function newServerKey(): ServerKey {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return { id: `k${stamp}-${crypto.randomBytes(4).toString('hex')}`, key: crypto.randomBytes(32) };
}

export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, KEY_FILE_NAME);
}

/** Reads `<dataDir>/server-keys` as it is now, without creating it (for reloads after a rotation). */
export function readKeyFile(dataDir: string): ServerKey[] {
  const file = keyFilePath(dataDir);
  return parseKeyring(fs.readFileSync(file, 'utf8'), file);
}

/** Reads the keyring from the env value, else from `<dataDir>/server-keys`, generating that file once. */
export function loadKeyring(serverKeysEnv: string | undefined, dataDir: string): ServerKey[] {
  if (serverKeysEnv) return parseKeyring(serverKeysEnv, 'STRONGROOM_SERVER_KEYS');
  const file = keyFilePath(dataDir);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    const header = '# Strongroom server keys: <id>:<base64 of 32 bytes>, first line active. Keep this file secret.\n';
    fs.writeFileSync(file, header + formatKey(newServerKey()) + '\n', { mode: 0o600, flag: 'wx' });
  }
  return readKeyFile(dataDir);
}

/**
 * Rotation: puts a fresh key first in `<dataDir>/server-keys` (so it becomes active) and keeps the
 * old keys after it, so rows they wrap stay readable until re-wrapped. The file is replaced with a
 * rename, so a server re-reading it sees the old or the new file, never half of one; the temp
 * file is created exclusively and doubles as a lock against two rotations at once.
 */
export function addActiveKeyToFile(dataDir: string): { added: ServerKey; keys: ServerKey[] } {
  const file = keyFilePath(dataDir);
  const current = loadKeyring(undefined, dataDir);
  let added = newServerKey();
  while (current.some((k) => k.id === added.id)) added = newServerKey();
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const firstKeyLine = lines.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  lines.splice(firstKeyLine < 0 ? lines.length : firstKeyLine, 0, formatKey(added));
  const temp = `${file}.tmp`;
  let fd: number;
  try {
    fd = fs.openSync(temp, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ConfigError(`${temp} exists: another rotation is writing the key file (remove it if none is running)`);
    }
    throw error;
  }
  try {
    fs.writeSync(fd, lines.join('\n'));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    // Never install a file the server could not parse.
    parseKeyring(fs.readFileSync(temp, 'utf8'), temp);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  // Rows get re-wrapped under the new key next: it must survive a crash, rename included.
  const dir = fs.openSync(dataDir, 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
  return { added, keys: readKeyFile(dataDir) };
}
