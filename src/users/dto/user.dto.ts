import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { OPERATION_RESULTS, OperationResult } from '../../common/results';
import { USER_TYPES, UserType } from '../user.entity';
import { IsIdentifierText } from '../../common/control-characters';

/**
 * `POST /api/v1/user` body. Concord clients send `type`; its code also reads `userType` (`type` wins).
 * `password` is Strongroom's own addition: LOCAL users only, stored as an argon2id hash.
 */
export class UserUpsertDto {
  @ApiProperty({ maxLength: 128 }) @IsIdentifierText() @IsString() @IsNotEmpty() @MaxLength(128) username!: string;
  @ApiPropertyOptional({ type: String, maxLength: 512 })
  @IsOptional()
  @IsIdentifierText()
  @IsString()
  @MaxLength(512)
  userDomain?: string | null;
  @ApiPropertyOptional({ type: String, maxLength: 1024 }) @IsOptional() @IsString() @MaxLength(1024) displayName?:
    string | null;
  @ApiPropertyOptional({ type: String, maxLength: 512 }) @IsOptional() @IsString() @MaxLength(512) email?:
    string | null;
  @ApiPropertyOptional({ enum: USER_TYPES }) @IsOptional() @IsIn(USER_TYPES) type?: UserType | null;
  @ApiPropertyOptional({ enum: USER_TYPES, description: 'Alias of type (type wins)' })
  @IsOptional()
  @IsIn(USER_TYPES)
  userType?: UserType | null;
  @ApiPropertyOptional({ type: Boolean, description: 'Defaults to false, so re-posting a user enables it' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean | null;
  @ApiPropertyOptional({ type: [String], description: 'Replaces the role set; unknown names are dropped' })
  @IsOptional()
  @IsArray()
  @IsIdentifierText()
  @IsString({ each: true })
  roles?: string[] | null;
  @ApiPropertyOptional({
    type: String,
    format: 'password',
    writeOnly: true,
    description: 'LOCAL users only; enables Basic login',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password?: string | null;
}

export class CreateUserResult {
  @ApiProperty({ example: true }) ok!: boolean;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ enum: OPERATION_RESULTS }) result!: OperationResult;
}

export class UpdateUserRolesDto {
  @ApiProperty({ type: [String] }) @IsArray() @IsIdentifierText() @IsString({ each: true }) roles!: string[];
}

export class UserSearchQuery {
  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
  @ApiPropertyOptional({ default: 10, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
  @ApiPropertyOptional({ description: 'Case-insensitive substring of username, displayName or email' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  filter?: string;
}

export class OrgRefEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class RoleEntry {
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) permissions!: string[];
}

/** Concord's UserEntry: note `name` and `type`, not `username`/`userType`. Empty values are left out. */
export class UserEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional() domain?: string;
  @ApiPropertyOptional() displayName?: string;
  @ApiPropertyOptional({ type: [OrgRefEntry] }) orgs?: OrgRefEntry[];
  @ApiProperty({ enum: USER_TYPES }) type!: UserType;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional({ type: [RoleEntry] }) roles?: RoleEntry[];
  @ApiProperty() disabled!: boolean;
  @ApiProperty() permanentlyDisabled!: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) disabledDate?: string;
}
