import { NAME_SCHEMA } from '../../common/names';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { INTEGRATION_KINDS, IntegrationKind } from '../integration.entity';
import { IsIdentifierText } from '../../common/control-characters';

/** `POST /api/v1/org/{org}/integration`. */
export class IntegrationCreateDto {
  @ApiProperty(NAME_SCHEMA) @IsIdentifierText() @IsString() name!: string;
  @ApiProperty({ enum: INTEGRATION_KINDS }) @IsIn(INTEGRATION_KINDS) kind!: IntegrationKind;
  @ApiPropertyOptional({ description: 'PRIVATE secrets granted READER to this team are sent too' })
  @IsOptional()
  @IsIdentifierText()
  @IsString()
  teamName?: string;
  @ApiPropertyOptional({
    description: "woodpecker: the server's Ed25519 public key (PEM, GET /api/signature/public-key)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  publicKey?: string;
}

export class IntegrationCreatedResult {
  @ApiProperty({ example: true }) ok!: boolean;
  @ApiProperty({ enum: ['CREATED'] }) result!: 'CREATED';
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: INTEGRATION_KINDS }) kind!: IntegrationKind;
  @ApiProperty({ description: "Path to configure in the CI server, relative to this server's base URL" })
  endpoint!: string;
  @ApiPropertyOptional({ description: 'drone and drone-legacy: shown once, never again' }) token?: string;
}

export class IntegrationEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: INTEGRATION_KINDS }) kind!: IntegrationKind;
  @ApiProperty() orgName!: string;
  @ApiPropertyOptional() teamName?: string;
  @ApiProperty({ description: 'drone-legacy: the token part is shown as {token}' }) endpoint!: string;
  @ApiPropertyOptional() publicKey?: string;
  @ApiPropertyOptional({ format: 'uuid' }) createdBy?: string;
  @ApiProperty() createdAt!: string;
}
