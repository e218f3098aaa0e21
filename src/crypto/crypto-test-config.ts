import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppConfig, loadConfig } from '../config/config';

/** A config for unit specs: a fresh data dir (so a fresh key file) and cheap argon2 and RSA settings. */
export function testCryptoConfig(env: Record<string, string> = {}): AppConfig {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-crypto-'));
  return loadConfig({
    STRONGROOM_DATA_DIR: dataDir,
    STRONGROOM_ARGON2_MEMORY_KIB: '1024',
    STRONGROOM_ARGON2_ITERATIONS: '1',
    STRONGROOM_RSA_BITS: '2048',
    STRONGROOM_KEY_POOL_SIZE: '0',
    ...env,
  });
}

export function removeDataDir(config: AppConfig): void {
  fs.rmSync(config.dataDir, { recursive: true, force: true });
}
