import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEventEntity } from './audit-event.entity';
import { AuditLog } from './audit-log.service';

/**
 * The audit writer, global so every feature records its events (in the change's transaction). Reading
 * the log is a feature of its own above the others: src/audit-query/.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity])],
  providers: [AuditLog],
  exports: [AuditLog],
})
export class AuditModule {}
