import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OwnerEntry } from '../../users/owner-entry';

export class SecretProjectEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'DISABLED' }) rawPayloadMode!: string;
  @ApiProperty({ example: 'DISABLED' }) outVariablesMode!: string;
  @ApiProperty({ example: 'READERS' }) processExecMode!: string;
}

/** Concord's SecretEntryV2; null fields are left out. */
export class SecretEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) orgId!: string;
  @ApiProperty() orgName!: string;
  @ApiProperty({ type: [SecretProjectEntry] }) projects!: SecretProjectEntry[];
  @ApiProperty({ enum: ['KEY_PAIR', 'USERNAME_PASSWORD', 'DATA'] }) type!: string;
  @ApiProperty({ enum: ['SERVER_KEY', 'PASSWORD'] }) encryptedBy!: string;
  @ApiProperty({ example: 'concord' }) storeType!: string;
  @ApiProperty({ enum: ['PUBLIC', 'PRIVATE'] }) visibility!: string;
  @ApiPropertyOptional({ type: OwnerEntry }) owner?: OwnerEntry;
  @ApiPropertyOptional({ type: [String], description: 'CI events the secret is limited to (ours)' }) events?: string[];
  @ApiPropertyOptional({ type: [String], description: 'CI images the secret is limited to (ours)' }) images?: string[];
  @ApiProperty({ example: '2024-05-01T12:00:00.123Z' }) createdAt!: string;
  @ApiPropertyOptional({ example: '2024-05-02T08:00:00.000Z' }) lastUpdatedAt?: string;
}

export class SecretCreatedResult {
  @ApiProperty({ example: true }) ok!: boolean;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['CREATED'] }) result!: 'CREATED';
  @ApiPropertyOptional({ description: 'The store password, supplied or generated (absent for server-key secrets)' })
  password?: string;
  @ApiPropertyOptional({ description: 'OpenSSH public key of a KEY_PAIR secret' }) publicKey?: string;
}

export class PublicKeyResult {
  @ApiProperty({ example: true }) ok!: boolean;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'ssh-rsa AAAA... concord-server\n' }) publicKey!: string;
}

export class SecretStoreEntry {
  @ApiProperty({ example: 'concord' }) storeType!: string;
  @ApiProperty({ example: 'Concord' }) description!: string;
}
