import { Module } from '@nestjs/common';
import { TeamAccess } from './team-access';
import { TeamMembersService } from './team-members.service';
import { TeamsController } from './teams.controller';
import { TeamsService } from './teams.service';

@Module({
  controllers: [TeamsController],
  providers: [TeamsService, TeamMembersService, TeamAccess],
  exports: [TeamAccess],
})
export class TeamsModule {}
