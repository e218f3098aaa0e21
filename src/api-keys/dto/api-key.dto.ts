import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { OPERATION_RESULTS, OperationResult } from '../../common/results';
import { USER_TYPES, UserType } from '../../users/user.entity';
import { IsIdentifierText } from '../../common/control-characters';

/** `POST /api/v1|v2/apikey` body. The target user is `userId`, else `username` (+domain/type), else the caller. */
export class CreateApiKeyDto {
  @ApiPropertyOptional({ type: String, format: 'uuid' }) @IsOptional() @IsUUID() userId?: string | null;
  @ApiPropertyOptional({ type: String, maxLength: 128 })
  @IsOptional()
  @IsIdentifierText()
  @IsString()
  @MaxLength(128)
  username?: string | null;
  @ApiPropertyOptional({ type: String, maxLength: 512 })
  @IsOptional()
  @IsIdentifierText()
  @IsString()
  @MaxLength(512)
  userDomain?: string | null;
  @ApiPropertyOptional({ enum: USER_TYPES, description: "Defaults to the caller's type" })
  @IsOptional()
  @IsIn(USER_TYPES)
  userType?: UserType | null;
  @ApiPropertyOptional({ type: String, description: 'Trimmed; generated when absent' })
  @IsOptional()
  @IsIdentifierText()
  @IsString()
  @MaxLength(1024)
  name?: string | null;
  @ApiPropertyOptional({
    type: String,
    description: 'Caller-chosen base64 value; needs the apiKeySpecifyValue permission',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  key?: string | null;
  @ApiPropertyOptional({
    type: String,
    description: 'Bind the key to a project of this org (with projectName): it then acts for that project',
  })
  @IsOptional()
  @IsIdentifierText()
  @IsString()
  @MaxLength(128)
  orgName?: string | null;
  @ApiPropertyOptional({
    type: String,
    description: 'The project the key acts for (ours; Concord uses process session tokens)',
  })
  @IsOptional()
  @IsIdentifierText()
  @IsString()
  @MaxLength(128)
  projectName?: string | null;
}

/** The only response that ever carries the raw key. */
export class CreateApiKeyResult {
  @ApiProperty({ example: true }) ok!: boolean;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The raw key: shown once, stored only as a hash' }) key!: string;
  @ApiProperty({ enum: OPERATION_RESULTS }) result!: OperationResult;
}

/** Key metadata; the value is never listed. */
export class ApiKeyEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ format: 'uuid' }) userId?: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ format: 'date-time' }) expiredAt?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The project this key acts for' }) projectId?: string;
}
