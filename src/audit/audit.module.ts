import { Global, Module } from '@nestjs/common';
import { SecretsModule } from '../secrets/secrets.module';
import { AuditController } from './audit.controller';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditLog } from './audit-log.service';
import { AuditQueryService } from './audit-query.service';
import { AuditScope } from './audit-scope';

/** Global so every feature can record events; the query route reads secrets to check the filters. */
@Global()
@Module({
  imports: [SecretsModule],
  controllers: [AuditController],
  providers: [AuditLog, AuditEventsRepository, AuditScope, AuditQueryService],
  exports: [AuditLog],
})
export class AuditModule {}
