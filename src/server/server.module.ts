import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealth } from '../database/database-health';
import { ServerHealth } from './server-health.service';
import { ServerController } from './server.controller';

@Module({
  // Health changes are logged once by the checks themselves, not on every failed probe.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [ServerController],
  providers: [DatabaseHealth, ServerHealth],
})
export class ServerModule {}
