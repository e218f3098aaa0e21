import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A project's key-value store usage; this server keeps none, so it is always empty. */
export class KvCapacityEntry {
  @ApiProperty({ example: 0 }) size!: number;
  @ApiPropertyOptional({ description: 'Left out: no limit is configured' }) maxSize?: number;
}

/** The console's landing page: the caller's recent processes (none: this server runs no processes). */
export class UserActivityEntry {
  @ApiProperty({ type: 'array', items: { type: 'object' }, maxItems: 0 }) processes!: never[];
}

/** A team's LDAP group mapping (none: this server has no LDAP). */
export class LdapGroupMappingEntry {
  @ApiProperty() group!: string;
  @ApiProperty({ enum: ['MEMBER', 'MAINTAINER', 'OWNER'] }) role!: string;
}
