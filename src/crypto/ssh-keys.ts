import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import * as crypto from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Limiter } from '../common/limiter';
import { KeyPool } from './key-pool';
import { validateKeyPair } from './key-pair-validation';
import { opensshEd25519Pair, opensshRsaPublicLine } from './openssh-format';

export { InvalidKeyPair, MAX_KEY_BYTES } from './key-pair-validation';

export interface KeyPairText {
  publicKey: string;
  privateKey: string;
}

/** RSA generation is CPU-heavy (in libuv's pool, off the event loop); this many at once at most. */
const MAX_PARALLEL_GENERATIONS = 2;

function generateRsaPair(bits: number): Promise<KeyPairText> {
  return new Promise((resolve, reject) => {
    crypto.generateKeyPair(
      'rsa',
      {
        modulusLength: bits,
        publicExponent: 0x10001,
        privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'der' },
      },
      (error, publicKey, privateKey) => {
        if (error) return reject(error);
        try {
          resolve({ publicKey: opensshRsaPublicLine(publicKey), privateKey });
        } catch (formatError) {
          reject(formatError instanceof Error ? formatError : new Error(String(formatError)));
        }
      },
    );
  });
}

/** Key pairs for KEY_PAIR secrets (docs/compatibility.md#key-pairs): generated ones in Concord's formats, uploaded ones checked. */
@Injectable()
export class SshKeys implements OnModuleInit, OnModuleDestroy {
  readonly limiter: Limiter;
  readonly rsaPool: KeyPool<KeyPairText>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { rsaBits, keyPoolSize, kdfQueueLimit } = config.secrets;
    this.limiter = new Limiter(
      MAX_PARALLEL_GENERATIONS,
      kdfQueueLimit,
      'Too many key pairs being generated, try again later',
    );
    this.rsaPool = new KeyPool(keyPoolSize, () => this.limiter.run(() => generateRsaPair(rsaBits)), 'RSA key pair');
  }

  onModuleInit(): void {
    this.rsaPool.start();
  }

  onModuleDestroy(): void {
    this.rsaPool.stop();
  }

  /** RSA (config.secrets.rsaBits, e = 65537): OpenSSH public line and PKCS#1 PEM private key, as Concord. */
  generateRsa(): Promise<KeyPairText> {
    return this.rsaPool.take();
  }

  /** Ed25519: OpenSSH public line and unencrypted OpenSSH private key. Cheap, so not pooled. */
  generateEd25519(): Promise<KeyPairText> {
    return new Promise((resolve, reject) => {
      crypto.generateKeyPair('ed25519', {}, (error, _publicKey, privateKey) => {
        if (error) return reject(error);
        const { x, d } = privateKey.export({ format: 'jwk' });
        if (!x || !d) return reject(new Error('Ed25519 key export lacked its key material'));
        resolve(opensshEd25519Pair(Buffer.from(x, 'base64url'), Buffer.from(d, 'base64url')));
      });
    });
  }

  /** Throws InvalidKeyPair saying why an uploaded pair is unusable. */
  validateUploadedPair(publicKey: Buffer, privateKey: Buffer): void {
    validateKeyPair(publicKey, privateKey);
  }
}
