import { Module } from '@nestjs/common';
import { ConsoleProbesController } from './console-probes.controller';
import { ConsoleProbesService } from './console-probes.service';
import { ProcessEngineController } from './process-engine.controller';
import { ProcessEngineService } from './process-engine.service';

/**
 * What Concord's own web console needs beyond the secrets API: its yes/no probes, and the empty
 * answers of the process engine's pages (this server runs no processes) so that those pages render.
 */
@Module({
  controllers: [ConsoleProbesController, ProcessEngineController],
  providers: [ConsoleProbesService, ProcessEngineService],
})
export class ConsoleCompatModule {}
