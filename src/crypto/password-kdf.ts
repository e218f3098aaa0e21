import * as crypto from 'node:crypto';
import * as argon2 from 'argon2';
import { AppConfig } from '../config/config';
import { Limiter } from '../common/limiter';
import { SecretDecryptFailed } from './secret-crypto.errors';
import { KdfParams } from './sealed-secret';

const SALT_BYTES = 16;
const KEY_BYTES = 32;

/*
 * Stored parameters come from the database, so they are bounded before use: a corrupted row must
 * not make the server allocate gigabytes or spin for minutes. The bounds match what config accepts.
 */
const BOUNDS: Record<keyof KdfParams, [number, number]> = {
  memoryKiB: [1024, 4 * 1048576],
  iterations: [1, 100],
  parallelism: [1, 16],
};

function assertUsable(params: KdfParams, salt: Buffer): void {
  for (const [name, [min, max]] of Object.entries(BOUNDS) as [keyof KdfParams, [number, number]][]) {
    const value = params[name];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new SecretDecryptFailed(`The secret's stored key-derivation parameter ${name} is out of range`);
    }
  }
  if (salt.length < 8) throw new SecretDecryptFailed("The secret's stored key-derivation salt is too short");
}

/**
 * Turns a store password into a 256-bit key-encryption key with argon2id. Every derivation waits
 * for a slot in its own bounded pool (503 past the queue bound), so password checks cannot starve
 * server-key reads, which never come here.
 */
export class PasswordKdf {
  readonly limiter: Limiter;

  constructor(private readonly settings: AppConfig['secrets']) {
    this.limiter = new Limiter(
      settings.kdfConcurrency,
      settings.kdfQueueLimit,
      'Too many store-password checks in progress, try again later',
    );
  }

  /** The parameters new wraps use (config.secrets.argon2). */
  currentParams(): KdfParams {
    const { memoryKiB, iterations, parallelism } = this.settings.argon2;
    return { memoryKiB, iterations, parallelism };
  }

  newSalt(): Buffer {
    return crypto.randomBytes(SALT_BYTES);
  }

  derive(password: string, salt: Buffer, params: KdfParams): Promise<Buffer> {
    assertUsable(params, salt);
    return this.limiter.run(() =>
      argon2.hash(password, {
        type: argon2.argon2id,
        raw: true,
        hashLength: KEY_BYTES,
        salt,
        memoryCost: params.memoryKiB,
        timeCost: params.iterations,
        parallelism: params.parallelism,
      }),
    );
  }
}
