import { Module } from '@nestjs/common';
import { ProjectCfgController } from './project-cfg.controller';
import { ProjectCfgService } from './project-cfg.service';
import { ProjectTeamAccessController } from './project-team-access.controller';
import { ProjectTeamAccessRepository } from './project-team-access.repository';
import { ProjectTeamAccessService } from './project-team-access.service';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';

@Module({
  controllers: [ProjectsController, ProjectTeamAccessController, ProjectCfgController],
  providers: [ProjectsService, ProjectTeamAccessService, ProjectTeamAccessRepository, ProjectCfgService],
})
export class ProjectsModule {}
