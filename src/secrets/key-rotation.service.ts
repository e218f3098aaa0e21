import { Injectable } from '@nestjs/common';
import { SealedSecret, SecretCrypto, SecretDecryptFailed } from '../crypto/secret-crypto.service';
import { ServerKeyring } from '../crypto/server-keyring.service';
import { TransactionRunner } from '../database/transaction';
import { FIRST_ID, KeyRotationRepository, RewrappedRow, WrappedRow } from './key-rotation.repository';

export const DEFAULT_BATCH_SIZE = 500;
export const MAX_BATCH_SIZE = 10_000;
const NO_KEY_ID = '(none)';

export interface BatchProgress {
  pass: number;
  /** Rows this batch locked and looked at. */
  rows: number;
  rewrapped: number;
  totalRewrapped: number;
  totalFailed: number;
}

export interface RotationOptions {
  batchSize?: number;
  /** Passes over the table; a later pass takes rows that were locked or newly written under an old key. */
  maxPasses?: number;
  passDelayMs?: number;
  /** Awaited after each batch's transaction commits (progress output; tests read secrets here). */
  onBatch?: (progress: BatchProgress) => void | Promise<void>;
}

export interface RotationFailure {
  secretId: string;
  keyId: string;
  reason: string;
}

/** Where the SERVER_KEY rows stand against the keyring. Key ids only, never key material. */
export interface KeyCensus {
  activeKeyId: string;
  /** SERVER_KEY rows per key id (NO_KEY_ID for a row without one). */
  rowsByKeyId: Record<string, number>;
  /** Rows on a key of the keyring other than the active one: what a rotation re-wraps. */
  toRewrap: number;
  /** Key ids found on rows but absent from the keyring: those rows cannot be read or re-wrapped. */
  unknownKeyIds: string[];
}

export interface RotationSummary {
  activeKeyId: string;
  /** Rows moved onto the active key, per old key id. */
  rewrapped: Record<string, number>;
  failures: RotationFailure[];
  /** The census after the run. */
  after: KeyCensus;
  /** Every SERVER_KEY row is on the active key: the old keys can leave the keyring. */
  complete: boolean;
}

/** A re-wrap reads only the wrapped data key; the ciphertext is neither fetched nor rewritten. */
const NOT_FETCHED = Buffer.alloc(0);

function sealedFor(row: WrappedRow): SealedSecret {
  return {
    formatVersion: row.formatVersion,
    ciphertext: NOT_FETCHED,
    wrappedKey: row.wrappedKey,
    encryptedBy: 'SERVER_KEY',
    keyId: row.keyId,
    kdfSalt: null,
    kdfParams: null,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Server key rotation (docs/security-model.md#keys): moves every SERVER_KEY data key onto the keyring's
 * active key, in short transactions of `batchSize` rows, while the server keeps serving. Each batch
 * locks its rows (skipping rows an update holds), re-wraps the data keys in memory and writes only
 * `wrapped_key` and `key_id`. Injectable in the app, and constructible by hand for the CLI.
 */
@Injectable()
export class KeyRotationService {
  constructor(
    private readonly rows: KeyRotationRepository,
    private readonly crypto: SecretCrypto,
    private readonly keyring: ServerKeyring,
    private readonly tx: TransactionRunner,
  ) {}

  async census(): Promise<KeyCensus> {
    const activeKeyId = this.keyring.active().id;
    const known = new Set(this.keyring.ids());
    const rowsByKeyId: Record<string, number> = {};
    let toRewrap = 0;
    const unknownKeyIds: string[] = [];
    for (const { keyId, rows } of await this.rows.countByKeyId()) {
      rowsByKeyId[keyId ?? NO_KEY_ID] = rows;
      if (keyId === activeKeyId) continue;
      if (keyId !== null && known.has(keyId)) toRewrap += rows;
      else unknownKeyIds.push(keyId ?? NO_KEY_ID);
    }
    return { activeKeyId, rowsByKeyId, toRewrap, unknownKeyIds };
  }

  async rotate(options: RotationOptions = {}): Promise<RotationSummary> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new RangeError(`The batch size must be a whole number from 1 to ${MAX_BATCH_SIZE}`);
    }
    const maxPasses = options.maxPasses ?? 3;
    const activeKeyId = this.keyring.active().id;
    const oldKeyIds = this.keyring.ids().filter((id) => id !== activeKeyId);
    const rewrapped: Record<string, number> = {};
    const failures = new Map<string, RotationFailure>();
    let totalRewrapped = 0;

    for (let pass = 1; pass <= maxPasses && oldKeyIds.length > 0; pass++) {
      let afterId = FIRST_ID;
      for (;;) {
        const batch = await this.tx.run(async (em) => {
          const locked = await this.rows.lockBatch(em, oldKeyIds, afterId, batchSize);
          const { done, failed } = this.rewrapAll(locked, activeKeyId);
          const saved = new Set(await this.rows.saveRewrapped(em, done, activeKeyId));
          return { locked, saved: done.filter((r) => saved.has(r.id)), failed };
        });
        if (batch.locked.length === 0) break;
        afterId = batch.locked[batch.locked.length - 1].id;
        for (const row of batch.saved) {
          rewrapped[row.oldKeyId] = (rewrapped[row.oldKeyId] ?? 0) + 1;
          failures.delete(row.id);
        }
        for (const failure of batch.failed) failures.set(failure.secretId, failure);
        totalRewrapped += batch.saved.length;
        await options.onBatch?.({
          pass,
          rows: batch.locked.length,
          rewrapped: batch.saved.length,
          totalRewrapped,
          totalFailed: failures.size,
        });
      }
      const left = await this.census();
      if (left.toRewrap - failures.size <= 0) break;
      // Rows were locked by updates in flight, or written under an old key by a server that has
      // not noticed the new one yet: give them a moment, then pass again.
      if (pass < maxPasses) await sleep(options.passDelayMs ?? 1000);
    }

    const after = await this.census();
    return {
      activeKeyId,
      rewrapped,
      failures: [...failures.values()],
      after,
      complete: after.toRewrap === 0 && after.unknownKeyIds.length === 0,
    };
  }

  private rewrapAll(rows: WrappedRow[], activeKeyId: string): { done: RewrappedRow[]; failed: RotationFailure[] } {
    const done: RewrappedRow[] = [];
    const failed: RotationFailure[] = [];
    for (const row of rows) {
      try {
        const sealed = this.crypto.rewrapToActiveKey(row.id, sealedFor(row));
        if (!sealed) continue;
        if (sealed.keyId !== activeKeyId) {
          // Another rotation changed the key file under this one: stop rather than mix targets.
          throw new Error('The active server key changed during the rotation; run the rotation again');
        }
        done.push({ id: row.id, oldKeyId: row.keyId, wrappedKey: sealed.wrappedKey });
      } catch (error) {
        if (!(error instanceof SecretDecryptFailed)) throw error;
        failed.push({ secretId: row.id, keyId: row.keyId, reason: error.message });
      }
    }
    return { done, failed };
  }
}
