import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { ACCESS_LEVELS, AccessLevel } from '../../access/levels';
import { IsIdentifierText } from '../../common/control-characters';

/** Concord's ResourceAccessEntry: the team by id, or by org and name; `level` is required. */
export class AccessEntryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') teamId?: string;
  @ApiPropertyOptional() @IsOptional() @IsIdentifierText() @IsString() orgName?: string;
  @ApiPropertyOptional() @IsOptional() @IsIdentifierText() @IsString() teamName?: string;
  @ApiProperty({ enum: ACCESS_LEVELS })
  @IsIn(ACCESS_LEVELS, { message: `'level' must be one of ${ACCESS_LEVELS.join(', ')}` })
  level!: AccessLevel;
}

export class AccessRuleEntry {
  @ApiProperty({ format: 'uuid' }) teamId!: string;
  @ApiProperty() teamName!: string;
  @ApiProperty({ enum: ACCESS_LEVELS }) level!: string;
}
