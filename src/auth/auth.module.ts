import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordHasher } from '../crypto/password-hasher';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { FailureLimiter } from './failure-limiter';
import { FailureCounterEntity } from './failure-counter.entity';
import { KeyOwnerCache } from './key-owner-cache';
import { SessionEntity } from './session.entity';
import { SessionsRepository } from './sessions.repository';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([SessionEntity, FailureCounterEntity])],
  providers: [
    AuthService,
    KeyOwnerCache,
    PasswordHasher,
    FailureLimiter,
    SessionsRepository,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, PasswordHasher, FailureLimiter, SessionsRepository],
})
export class AuthModule {}
