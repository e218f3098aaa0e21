import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBase64, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { OwnerRef } from '../../users/owner-entry';
import { IsIdentifierText } from '../../common/control-characters';

export class SecretOwnerRefDto extends OwnerRef {
  @IsOptional() @IsUUID() declare id?: string;
  @IsOptional() @IsIdentifierText() @IsString() @MaxLength(128) declare username?: string;
  @IsOptional() @IsIdentifierText() @IsString() @MaxLength(512) declare userDomain?: string;
}

/** The v1 update body (`POST /api/v1/org/{org}/secret/{name}`, JSON): every field optional. */
export class SecretUpdateV1Dto {
  @ApiPropertyOptional({ format: 'uuid', description: 'ignored' }) @IsOptional() @IsString() id?: string;
  @ApiPropertyOptional() @IsOptional() @IsIdentifierText() @IsString() name?: string;
  @ApiPropertyOptional({ type: SecretOwnerRefDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SecretOwnerRefDto)
  owner?: SecretOwnerRefDto;
  @ApiPropertyOptional({ enum: ['PUBLIC', 'PRIVATE'] }) @IsOptional() @IsString() visibility?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() storePassword?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() newStorePassword?: string;
  @ApiPropertyOptional({ description: 'Project name; "" removes every project link' })
  @IsOptional()
  @IsIdentifierText()
  @IsString()
  projectName?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() projectId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orgId?: string;
  @ApiPropertyOptional() @IsOptional() @IsIdentifierText() @IsString() orgName?: string;
  @ApiPropertyOptional({ format: 'byte', description: 'New data, base64; turns the secret into a DATA secret' })
  @IsOptional()
  @IsBase64()
  data?: string;
}
