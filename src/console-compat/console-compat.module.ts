import { Module } from '@nestjs/common';
import { ConsoleProbesController } from './console-probes.controller';
import { ConsoleProbesService } from './console-probes.service';

/**
 * What Concord's own web console needs beyond the secrets API: its yes/no probes, and the empty
 * answers of the process engine's pages (this server runs no processes) so that those pages render.
 */
@Module({
  controllers: [ConsoleProbesController],
  providers: [ConsoleProbesService],
})
export class ConsoleCompatModule {}
