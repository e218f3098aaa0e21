import { NAME_SCHEMA } from '../../common/names';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { OwnerEntry, OwnerRef } from '../../users/owner-entry';
import { IsIdentifierText } from '../../common/control-characters';

export class OrgOwnerRefDto extends OwnerRef {
  @IsOptional() @IsUUID() declare id?: string;
  @IsOptional() @IsIdentifierText() @IsString() @MaxLength(128) declare username?: string;
  @IsOptional() @IsIdentifierText() @IsString() @MaxLength(512) declare userDomain?: string;
  @IsOptional() @IsIn(['LOCAL', 'LDAP', 'SSO']) declare userType?: 'LOCAL' | 'LDAP' | 'SSO';
}

/** `POST /api/v1/org` body: a create, or an update when `id` is given or `name` exists. */
export class OrgUpsertDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() id?: string;
  @ApiPropertyOptional({ ...NAME_SCHEMA, description: `Required on create. ${NAME_SCHEMA.description}` })
  @IsOptional()
  @IsIdentifierText()
  @IsString()
  name?: string;
  @ApiPropertyOptional({ type: OrgOwnerRefDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrgOwnerRefDto)
  owner?: OrgOwnerRefDto;
  @ApiPropertyOptional({ enum: ['PUBLIC', 'PRIVATE'] }) @IsOptional() @IsIn(['PUBLIC', 'PRIVATE']) visibility?:
    'PUBLIC' | 'PRIVATE';
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() meta?: Record<
    string,
    unknown
  >;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() cfg?: Record<
    string,
    unknown
  >;
}

export class OrgEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ type: OwnerEntry }) owner?: OwnerEntry;
  @ApiProperty({ enum: ['PUBLIC', 'PRIVATE'] }) visibility!: 'PUBLIC' | 'PRIVATE';
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) meta?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) cfg?: Record<string, unknown>;
}
