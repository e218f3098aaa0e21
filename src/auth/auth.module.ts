import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PasswordHasher } from '../crypto/password-hasher';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { FailureLimiter } from './failure-limiter';
import { KeyOwnerCache } from './key-owner-cache';

@Global()
@Module({
  providers: [AuthService, KeyOwnerCache, PasswordHasher, FailureLimiter, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, PasswordHasher, FailureLimiter],
})
export class AuthModule {}
