import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PasswordHasher } from '../crypto/password-hasher';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';

@Global()
@Module({
  providers: [AuthService, PasswordHasher, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, PasswordHasher],
})
export class AuthModule {}
