import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OwnerEntry } from '../../users/owner-entry';
import { AUDIT_ACTIONS, AUDIT_OBJECTS } from '../../audit/audit-event.entity';

/** One row of `GET /api/v1/audit` (docs/compatibility.md#the-audit-log); `user` is absent for system events and deleted users. */
export class AuditEventEntry {
  @ApiProperty({ example: '2024-05-01T12:00:00.123Z' }) entryDate!: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action!: string;
  @ApiProperty({ enum: AUDIT_OBJECTS }) object!: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Ids, names and a field diff (`changes`), plus requestId, requestIp and actionSource',
  })
  details?: Record<string, unknown>;
  @ApiPropertyOptional({ type: OwnerEntry }) user?: OwnerEntry;
}
