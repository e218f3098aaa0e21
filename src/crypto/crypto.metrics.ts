import { Injectable } from '@nestjs/common';
import { Metrics } from '../metrics/metrics.service';
import { SecretCrypto } from './secret-crypto.service';
import { SshKeys } from './ssh-keys';

/** Series for the expensive crypto work: the argon2id queue and the pool of ready RSA key pairs. */
@Injectable()
export class CryptoMetrics {
  constructor(metrics: Metrics, secretCrypto: SecretCrypto, sshKeys: SshKeys) {
    const kdf = secretCrypto.kdf.limiter;
    metrics.gauge({
      name: 'strongroom_kdf_running',
      help: 'argon2id derivations (store passwords) running now',
      collect() {
        this.set(kdf.running);
      },
    });
    metrics.gauge({
      name: 'strongroom_kdf_queued',
      help: 'argon2id derivations waiting for a slot',
      collect() {
        this.set(kdf.pending);
      },
    });
    metrics.gauge({
      name: 'strongroom_kdf_concurrency',
      help: 'argon2id derivations allowed at once (STRONGROOM_KDF_CONCURRENCY)',
      collect() {
        this.set(kdf.limit);
      },
    });
    metrics.counter({
      name: 'strongroom_kdf_rejected_total',
      help: 'Store-password checks refused with 503 because the argon2id queue was full',
      collect() {
        this.reset();
        this.inc(kdf.rejected);
      },
    });
    const pool = sshKeys.rsaPool;
    metrics.gauge<'pool'>({
      name: 'strongroom_key_pool_available',
      help: 'Pre-generated key pairs ready for key_pair secrets',
      labelNames: ['pool'],
      collect() {
        this.set({ pool: 'rsa' }, pool.available);
      },
    });
    metrics.gauge<'pool'>({
      name: 'strongroom_key_pool_capacity',
      help: 'Key pairs the pool keeps ready (STRONGROOM_KEY_POOL_SIZE)',
      labelNames: ['pool'],
      collect() {
        this.set({ pool: 'rsa' }, pool.capacity);
      },
    });
    metrics.counter<'pool'>({
      name: 'strongroom_key_pool_misses_total',
      help: 'Key pairs generated while the request waited, because the pool was empty',
      labelNames: ['pool'],
      collect() {
        this.reset();
        this.inc({ pool: 'rsa' }, pool.misses);
      },
    });
  }
}
