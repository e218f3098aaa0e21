import { Module } from '@nestjs/common';
import { ProjectAccess } from './project-access';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';

@Module({
  controllers: [ProjectsController],
  providers: [ProjectsService, ProjectAccess],
  exports: [ProjectAccess],
})
export class ProjectsModule {}
