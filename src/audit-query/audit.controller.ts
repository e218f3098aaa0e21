import { Controller, Get, Query, applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { AUDIT_ACTIONS } from '../audit/audit-event.entity';
import { DEFAULT_LIMIT, DETAIL_FILTERS, MAX_LIMIT, QUERYABLE_OBJECTS } from './audit-filter';
import { AuditQueryService } from './audit-query.service';
import { AuditEventEntry } from './dto/audit-event.dto';

const UUID_DETAILS: readonly string[] = ['orgId', 'projectId', 'secretId', 'teamId'];

/** One documented query parameter per `details.<key>` filter. */
function DetailFilterQueries(): MethodDecorator {
  return applyDecorators(
    ...DETAIL_FILTERS.map((key) =>
      ApiQuery({
        name: `details.${key}`,
        required: false,
        type: String,
        format: UUID_DETAILS.includes(key) ? 'uuid' : undefined,
      }),
    ),
  );
}

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @ApiOperation({
    operationId: 'listAuditEvents',
    summary: 'Audit events, newest first',
    description:
      'Without an entity filter (org, project, secret or team) only admins may search. An org or team filter ' +
      'needs org membership; a project or secret filter needs READER on it.',
  })
  @ApiQuery({ name: 'object', required: false, enum: QUERYABLE_OBJECTS })
  @ApiQuery({ name: 'action', required: false, enum: AUDIT_ACTIONS })
  @ApiQuery({ name: 'userId', required: false, type: String, format: 'uuid' })
  @ApiQuery({ name: 'username', required: false, type: String, description: 'An unknown username gives []' })
  @ApiQuery({ name: 'after', required: false, type: String, format: 'date-time', description: 'Exclusive' })
  @ApiQuery({ name: 'before', required: false, type: String, format: 'date-time', description: 'Exclusive' })
  @ApiQuery({ name: 'offset', required: false, type: Number, example: 0 })
  @ApiQuery({
    name: 'limit',
    required: false,
    type: Number,
    example: DEFAULT_LIMIT,
    description: `At most ${MAX_LIMIT}`,
  })
  @DetailFilterQueries()
  @ApiOkResponse({ type: [AuditEventEntry] })
  list(@CurrentPrincipal() p: Principal, @Query() query: Record<string, unknown>): Promise<AuditEventEntry[]> {
    return this.audit.list(p, query);
  }
}
