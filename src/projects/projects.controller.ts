import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { parsePaging } from '../common/paging';
import { CreateOrUpdateResult, GenericOperationResult } from '../common/results';
import { ProjectEntry, ProjectUpsertDto } from './dto/project.dto';
import { ProjectsService } from './projects.service';

@ApiTags('projects')
@Controller('api')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Post('v1/org/:orgName/project')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'createOrUpdateProject',
    summary: 'Create a project (org members), or update it when id or name exists (WRITER)',
  })
  @ApiOkResponse({ type: CreateOrUpdateResult })
  createOrUpdate(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Body() dto: ProjectUpsertDto,
  ): Promise<CreateOrUpdateResult> {
    return this.projects.createOrUpdate(p, orgName, dto);
  }

  @Get('v1/org/:orgName/project')
  @ApiOperation({ operationId: 'listProjects', summary: 'List the projects the caller may see, sorted by name' })
  @ApiQuery({ name: 'offset', required: false, type: Number })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'filter', required: false, type: String, description: 'Case-insensitive name substring' })
  @ApiOkResponse({ type: [ProjectEntry] })
  list(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Query() query: Record<string, string | undefined>,
  ): Promise<ProjectEntry[]> {
    return this.projects.list(p, orgName, parsePaging(query));
  }

  @Get('v2/org/:orgName/project/:projectName')
  @ApiOperation({ operationId: 'getProject', summary: 'Get a project (READER)' })
  @ApiOkResponse({ type: ProjectEntry })
  get(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('projectName') projectName: string,
  ): Promise<ProjectEntry> {
    return this.projects.get(p, orgName, projectName);
  }

  @Get('v1/org/:orgName/project/:projectName')
  @ApiOperation({ operationId: 'getProjectV1', summary: 'Get a project (READER); use the v2 route', deprecated: true })
  @ApiOkResponse({ type: ProjectEntry })
  getV1(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('projectName') projectName: string,
  ): Promise<ProjectEntry> {
    return this.projects.get(p, orgName, projectName);
  }

  @Delete('v1/org/:orgName/project/:projectName')
  @ApiOperation({ operationId: 'deleteProject', summary: 'Delete a project (owner, org owner or admin)' })
  @ApiOkResponse({ type: GenericOperationResult })
  delete(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('projectName') projectName: string,
  ): Promise<GenericOperationResult> {
    return this.projects.delete(p, orgName, projectName);
  }
}
