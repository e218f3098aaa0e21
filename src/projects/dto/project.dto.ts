import { NAME_SCHEMA } from '../../common/names';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { OwnerEntry, OwnerRef } from '../../users/owner-entry';
import { USER_TYPES, UserType } from '../../users/user.entity';
import { IsIdentifierText } from '../../common/control-characters';

const VISIBILITIES = ['PUBLIC', 'PRIVATE'] as const;
type ProjectVisibility = (typeof VISIBILITIES)[number];

export class ProjectOwnerRefDto extends OwnerRef {
  @IsOptional() @IsUUID() declare id?: string;
  @IsOptional() @IsIdentifierText() @IsString() @MaxLength(128) declare username?: string;
  @IsOptional() @IsIdentifierText() @IsString() @MaxLength(512) declare userDomain?: string;
  @IsOptional() @IsIn(USER_TYPES) declare userType?: UserType;
}

/** `POST …/project` body: an update when `id` is given or `name` exists in the org, else a create. */
export class ProjectUpsertDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() id?: string;
  @ApiPropertyOptional({ ...NAME_SCHEMA, description: `Required on create. ${NAME_SCHEMA.description}` })
  @IsOptional()
  @IsIdentifierText()
  @IsString()
  name?: string;
  @ApiPropertyOptional({ maxLength: 2048 }) @IsOptional() @IsString() @MaxLength(2048) description?: string;
  @ApiPropertyOptional({ enum: VISIBILITIES, default: 'PUBLIC' })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: ProjectVisibility;
  @ApiPropertyOptional({ type: ProjectOwnerRefDto, description: 'Defaults to the caller on create' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProjectOwnerRefDto)
  owner?: ProjectOwnerRefDto;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      "Free-form; replaced whole. 'woodpeckerRepoId' maps a Woodpecker repository to the project: a whole number, " +
      "unique in the org, set or changed only by an admin, the org's owner or an OWNER of a team a Woodpecker integration is bound to",
  })
  @IsOptional()
  @IsObject()
  meta?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Replaced whole' })
  @IsOptional()
  @IsObject()
  cfg?: Record<string, unknown>;
}

export class ProjectEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ format: 'uuid' }) orgId!: string;
  @ApiProperty() orgName!: string;
  @ApiProperty({ enum: VISIBILITIES }) visibility!: ProjectVisibility;
  @ApiPropertyOptional({ type: OwnerEntry }) owner?: OwnerEntry;
  @ApiProperty({ enum: ['DISABLED'] }) rawPayloadMode!: 'DISABLED';
  @ApiProperty({ enum: ['DISABLED'] }) outVariablesMode!: 'DISABLED';
  @ApiProperty({ enum: ['READERS'] }) processExecMode!: 'READERS';
  @ApiProperty({ example: '2024-05-01T12:00:00.123Z' }) createdAt!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Only on GET-one' })
  cfg?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Only on GET-one' })
  meta?: Record<string, unknown>;
}
