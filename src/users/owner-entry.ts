import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { UserEntity, UserType } from './user.entity';

/** Concord's EntityOwner JSON; empty values are left out. */
export class OwnerEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiPropertyOptional() userDomain?: string;
  @ApiPropertyOptional() displayName?: string;
  @ApiProperty({ enum: ['LOCAL', 'LDAP', 'SSO'] }) userType!: UserType;
}

export function toOwnerEntry(user: UserEntity | null | undefined): OwnerEntry | undefined {
  if (!user) return undefined;
  const entry: OwnerEntry = { id: user.id, username: user.username, userType: user.type };
  if (user.domain) entry.userDomain = user.domain;
  if (user.displayName) entry.displayName = user.displayName;
  return entry;
}

export class OwnerRef {
  @ApiPropertyOptional({ format: 'uuid' }) id?: string;
  @ApiPropertyOptional() username?: string;
  @ApiPropertyOptional() userDomain?: string;
  @ApiPropertyOptional({ enum: ['LOCAL', 'LDAP', 'SSO'] }) userType?: UserType;
}
