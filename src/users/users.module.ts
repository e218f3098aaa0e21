import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserEntity } from './user.entity';
import { UserLookup } from './user-lookup';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { UsersV1Controller } from './users-v1.controller';
import { UsersV2Controller } from './users-v2.controller';

/** Global: other features read users through its repository (a module import would make cycles). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity])],
  controllers: [UsersV1Controller, UsersV2Controller],
  providers: [UsersService, UsersRepository, UserLookup],
  exports: [UsersRepository, UserLookup],
})
export class UsersModule {}
