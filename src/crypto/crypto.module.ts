import { Global, Module } from '@nestjs/common';
import { CryptoMetrics } from './crypto.metrics';
import { SecretCrypto } from './secret-crypto.service';
import { ServerKeyChecks } from './server-key-checks';
import { ServerKeyring } from './server-keyring.service';
import { SshKeys } from './ssh-keys';

/** Everything that touches node:crypto or argon2 for secrets; global so features just inject it. */
@Global()
@Module({
  providers: [ServerKeyring, ServerKeyChecks, SecretCrypto, SshKeys, CryptoMetrics],
  exports: [ServerKeyring, ServerKeyChecks, SecretCrypto, SshKeys],
})
export class CryptoModule {}
