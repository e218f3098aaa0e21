import { Module } from '@nestjs/common';
import { ProjectTeamAccessController } from './project-team-access.controller';
import { ProjectTeamAccessRepository } from './project-team-access.repository';
import { ProjectTeamAccessService } from './project-team-access.service';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';

@Module({
  controllers: [ProjectsController, ProjectTeamAccessController],
  providers: [ProjectsService, ProjectTeamAccessService, ProjectTeamAccessRepository],
})
export class ProjectsModule {}
