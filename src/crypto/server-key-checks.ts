import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConfigError } from '../config/config';
import { logger } from '../common/json-logger';
import { keyCheckOpens, sealKeyCheck } from './key-check';
import { ServerKeyChecksRepository } from './server-key-checks.repository';
import type { ServerKey } from './server-keyring';
import { ServerKeyring } from './server-keyring.service';

/**
 * Makes sure the keyring opens what the database holds. Each key id gets a key-check value sealed
 * under it at its first use; a key whose bytes cannot open its id's check (same id, other bytes) is
 * refused. At process start, key ids that stored rows were sealed with but the keyring lacks are
 * refused too, so a wrong keyring stops the server instead of failing every read.
 */
@Injectable()
export class ServerKeyChecks implements OnModuleInit {
  private readonly repository: ServerKeyChecksRepository;

  constructor(
    private readonly keyring: ServerKeyring,
    dataSource: DataSource,
  ) {
    this.repository = new ServerKeyChecksRepository(dataSource);
  }

  async onModuleInit(): Promise<void> {
    await this.verify(this.keyring.all());
    // A key added to the key file while running (by the rotation command, or by hand) is first used here.
    this.keyring.onReload((keys) => {
      this.verify(keys).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : 'unknown error';
        logger.error(`The re-read server key file does not match this database: ${reason}`, undefined, 'ServerKeyring');
      });
    });
  }

  /** Stores a check for each key id seen for the first time; throws naming any key that cannot open its check. */
  async verify(keys: readonly ServerKey[]): Promise<void> {
    const stored = await this.repository.storeMissing(keys.map((k) => ({ keyId: k.id, value: sealKeyCheck(k) })));
    const wrong = keys.filter((k) => {
      const check = stored.get(k.id);
      return check !== undefined && !keyCheckOpens(k, check);
    });
    if (wrong.length > 0) {
      const ids = wrong.map((k) => `'${k.id}'`).join(', ');
      throw new ConfigError(
        `Server key ${ids} is not the key that id stood for when this database first used it (its stored key check ` +
          `does not open with these bytes). Restore the original key for that id from your backup of ${this.source()}; ` +
          'a new key needs a new id.',
      );
    }
  }

  /** Throws naming the key ids that stored secrets or integration tokens need but the keyring lacks. */
  async assertNoMissingKeys(): Promise<void> {
    const missing = await this.repository.keyIdsUsedBesides(this.keyring.ids());
    if (missing.length === 0) return;
    const list = missing.map((m) => `'${m.keyId}' (${m.rows} row${m.rows === 1 ? '' : 's'})`).join(', ');
    throw new ConfigError(
      `The keyring (${this.source()}) lacks server key ${list} that this database's secrets are sealed with, so ` +
        `they could not be read. Add ${missing.length === 1 ? 'that key' : 'those keys'} back (after the active one), ` +
        'or start with the keyring this database was written with.',
    );
  }

  private source(): string {
    return this.keyring.source();
  }
}
