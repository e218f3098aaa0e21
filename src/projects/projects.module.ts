import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProjectCfgController } from './project-cfg.controller';
import { ProjectCfgService } from './project-cfg.service';
import { ProjectEntity } from './project.entity';
import { ProjectTeamAccessController } from './project-team-access.controller';
import { ProjectTeamAccessRepository } from './project-team-access.repository';
import { ProjectTeamAccessService } from './project-team-access.service';
import { ProjectsController } from './projects.controller';
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';

/** Global: other features read projects through its repository (a module import would make cycles). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ProjectEntity])],
  controllers: [ProjectsController, ProjectTeamAccessController, ProjectCfgController],
  providers: [
    ProjectsService,
    ProjectsRepository,
    ProjectTeamAccessService,
    ProjectTeamAccessRepository,
    ProjectCfgService,
  ],
  exports: [ProjectsRepository],
})
export class ProjectsModule {}
