import { Inject, Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Limiter } from '../common/limiter';

/**
 * argon2id hashes for login passwords. Shares nothing with request handling but a bounded pool, so
 * a burst of logins waits (or gets a 503) instead of blocking the event loop's other work.
 */
@Injectable()
export class PasswordHasher {
  readonly limiter: Limiter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.limiter = new Limiter(
      config.secrets.kdfConcurrency,
      config.secrets.kdfQueueLimit,
      'Too many password checks in progress, try again later',
    );
  }

  hash(password: string): Promise<string> {
    const { memoryKiB, iterations, parallelism } = this.config.secrets.argon2;
    return this.limiter.run(() =>
      argon2.hash(password, { type: argon2.argon2id, memoryCost: memoryKiB, timeCost: iterations, parallelism }),
    );
  }

  async verify(hash: string, password: string): Promise<boolean> {
    return this.limiter.run(async () => {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    });
  }
}
