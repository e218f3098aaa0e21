import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ValidationFailed } from '../common/errors';
import { UserEntity, UserType } from './user.entity';
import { UsersRepository } from './users.repository';

export interface UserRef {
  id?: string;
  username?: string;
  userDomain?: string;
  userType?: UserType;
}

/**
 * Resolves a user reference the way Concord does (by id, else by username + domain + type, the type
 * defaulting to the caller's), but answers 400 for an unknown user where Concord answers 500.
 */
@Injectable()
export class UserLookup {
  constructor(private readonly users: UsersRepository) {}

  async resolve(ref: UserRef, callerType: UserType, em?: EntityManager): Promise<UserEntity> {
    if (ref.id) {
      const byId = await this.users.findById(ref.id, em);
      if (!byId) throw new ValidationFailed(`User not found: ${ref.id}`);
      return byId;
    }
    if (!ref.username) throw new ValidationFailed("User not found: either 'id' or 'username' is required");
    const type = ref.userType ?? callerType;
    if (ref.userDomain !== undefined) {
      const exact = await this.users.findByIdentity(ref.username, ref.userDomain, type, em);
      if (!exact) throw new ValidationFailed(`User not found: ${ref.username}`);
      return exact;
    }
    const matches = await this.users.findByUsername(ref.username, type, em);
    if (matches.length === 0) throw new ValidationFailed(`User not found: ${ref.username}`);
    if (matches.length > 1) {
      throw new ValidationFailed(`Non unique results found for username: ${ref.username}; specify 'userDomain'`);
    }
    return matches[0];
  }
}
