import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { GenericOperationResult } from '../common/results';
import { ProjectCfgService } from './project-cfg.service';

const UNAUTHENTICATED = 'No valid API key, Basic credentials or session';
const CFG = { type: 'object', additionalProperties: true } as const;

@ApiTags('projects')
@Controller('api/v1/org/:orgName/project/:projectName/cfg')
export class ProjectCfgController {
  constructor(private readonly cfg: ProjectCfgService) {}

  @Get()
  @ApiOperation({ operationId: 'getProjectConfiguration', summary: "A project's configuration object (READER)" })
  @ApiOkResponse({ schema: CFG, description: '`{}` when none was set' })
  @ApiBadRequestResponse({ description: 'No such organization (validation error array)' })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  @ApiForbiddenResponse({ description: 'The caller may not read the project' })
  @ApiNotFoundResponse({ description: 'No such project (text)' })
  get(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('projectName') projectName: string,
  ): Promise<Record<string, unknown>> {
    return this.cfg.get(p, orgName, projectName);
  }

  @Put()
  @ApiOperation({ operationId: 'updateProjectConfiguration', summary: "Replace a project's configuration (WRITER)" })
  @ApiBody({ schema: CFG })
  @ApiOkResponse({ type: GenericOperationResult })
  @ApiBadRequestResponse({ description: 'Not a JSON object, or no such organization' })
  @ApiUnauthorizedResponse({ description: UNAUTHENTICATED })
  @ApiForbiddenResponse({ description: 'The caller may not change the project' })
  @ApiNotFoundResponse({ description: 'No such project (text)' })
  replace(
    @CurrentPrincipal() p: Principal,
    @Param('orgName') orgName: string,
    @Param('projectName') projectName: string,
    @Body() body: unknown,
  ): Promise<GenericOperationResult> {
    return this.cfg.replace(p, orgName, projectName, body);
  }
}
