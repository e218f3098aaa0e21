import { Inject, Injectable } from '@nestjs/common';
import * as fs from 'node:fs';
import { APP_CONFIG, AppConfig } from '../config/config';
import { logger } from '../common/json-logger';
import { formatKey, keyFilePath, loadKeyring, readKeyFile, ServerKey } from './server-keyring';

/** How often, at most, active() looks at the key file's timestamp for a rotation done elsewhere. */
export const FILE_CHECK_INTERVAL_MS = 10_000;

/**
 * The server keys, active one first. Keys from STRONGROOM_SERVER_KEYS are fixed for the process;
 * keys from the key file are re-read when another process (the rotation tool) may have changed it:
 * on a lookup of an unknown id, and when active() notices the file changed.
 */
@Injectable()
export class ServerKeyring {
  private keys: ServerKey[];
  private readonly fromFile: boolean;
  private fileStamp: string | undefined;
  private checkedAt = Date.now();
  private readonly reloadListeners: ((keys: readonly ServerKey[]) => void)[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.keys = loadKeyring(config.serverKeys, config.dataDir);
    this.fromFile = !config.serverKeys;
    this.fileStamp = this.fromFile ? this.readStamp() : undefined;
  }

  /** The key new wraps use. */
  active(): ServerKey {
    if (this.fromFile && Date.now() - this.checkedAt >= FILE_CHECK_INTERVAL_MS) {
      this.checkedAt = Date.now();
      if (this.readStamp() !== this.fileStamp) this.reload();
    }
    return this.keys[0];
  }

  /** The key with this id; re-reads the key file once before giving up. */
  get(id: string): ServerKey | undefined {
    const known = this.find(id);
    if (known || !this.fromFile) return known;
    this.reload();
    return this.find(id);
  }

  ids(): string[] {
    return this.keys.map((k) => k.id);
  }

  /** Where the keys come from, for messages. */
  source(): string {
    return this.fromFile ? keyFilePath(this.config.dataDir) : 'STRONGROOM_SERVER_KEYS';
  }

  all(): readonly ServerKey[] {
    return this.keys;
  }

  /** Called with the new keys whenever a re-read of the key file changed them. */
  onReload(listener: (keys: readonly ServerKey[]) => void): void {
    this.reloadListeners.push(listener);
  }

  /** Re-reads the key file; keeps the current keys if it is missing or malformed (e.g. mid-write). */
  reload(): void {
    if (!this.fromFile) return;
    try {
      const stamp = this.readStamp();
      const before = this.keys.map(formatKey).join(',');
      this.keys = readKeyFile(this.config.dataDir);
      this.fileStamp = stamp;
      if (this.keys.map(formatKey).join(',') !== before)
        for (const listener of this.reloadListeners) listener(this.keys);
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'unknown error';
      logger.warn(`Could not re-read the server key file, keeping the loaded keys: ${reason}`, 'ServerKeyring');
    }
  }

  private find(id: string): ServerKey | undefined {
    return this.keys.find((k) => k.id === id);
  }

  private readStamp(): string | undefined {
    try {
      const stat = fs.statSync(keyFilePath(this.config.dataDir));
      return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    } catch {
      return undefined;
    }
  }
}
