import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { SecretsModule } from '../secrets/secrets.module';
import { AuditController } from './audit.controller';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditQueryService } from './audit-query.service';
import { AuditScope } from './audit-scope';

/** `GET /api/v1/audit`: filters, who may see which rows (through src/access/), newest first. */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity]), SecretsModule],
  controllers: [AuditController],
  providers: [AuditEventsRepository, AuditScope, AuditQueryService],
})
export class AuditQueryModule {}
