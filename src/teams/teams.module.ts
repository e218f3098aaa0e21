import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TeamEntity, TeamMemberEntity } from './team.entity';
import { TeamsRepository } from './teams.repository';
import { TeamMembersService } from './team-members.service';
import { TeamsController } from './teams.controller';
import { TeamsService } from './teams.service';

/** Global: other features read teams through its repository (a module import would make cycles). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([TeamEntity, TeamMemberEntity])],
  controllers: [TeamsController],
  providers: [TeamsService, TeamMembersService, TeamsRepository],
  exports: [TeamsRepository],
})
export class TeamsModule {}
