import { NAME_SCHEMA } from '../../common/names';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { USER_TYPES, UserType } from '../../users/user.entity';
import { TEAM_ROLES, TeamRole } from '../../access/levels';
import { IsIdentifierText } from '../../common/control-characters';

/** `POST …/team` body: a create, or an update when `id` is given or `name` exists. */
export class TeamUpsertDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() id?: string;
  @ApiPropertyOptional({ ...NAME_SCHEMA, description: `Required on create. ${NAME_SCHEMA.description}` })
  @IsOptional()
  @IsIdentifierText()
  @IsString()
  name?: string;
  @ApiPropertyOptional({ maxLength: 2048 }) @IsOptional() @IsString() @MaxLength(2048) description?: string;
}

export class TeamEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) orgId!: string;
  @ApiProperty() orgName!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional() description?: string;
}

/** One element of the `PUT …/team/{teamName}/users` body. */
export class TeamUserUpdateDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() userId?: string;
  @ApiPropertyOptional() @IsOptional() @IsIdentifierText() @IsString() @MaxLength(128) username?: string;
  @ApiPropertyOptional() @IsOptional() @IsIdentifierText() @IsString() @MaxLength(512) userDomain?: string;
  @ApiPropertyOptional({ enum: USER_TYPES }) @IsOptional() @IsIn(USER_TYPES) userType?: UserType;
  @ApiPropertyOptional({ enum: TEAM_ROLES, default: 'MEMBER' }) @IsOptional() @IsIn(TEAM_ROLES) role?: TeamRole;
}

export class TeamUserEntry {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() username!: string;
  @ApiPropertyOptional() userDomain?: string;
  @ApiPropertyOptional() displayName?: string;
  @ApiProperty({ enum: USER_TYPES }) userType!: UserType;
  @ApiProperty({ enum: TEAM_ROLES }) role!: TeamRole;
  @ApiProperty({ enum: ['SINGLE', 'LDAP_GROUP'] }) memberType!: 'SINGLE' | 'LDAP_GROUP';
}
