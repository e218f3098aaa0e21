import { Controller, Delete, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../identity/public.decorator';
import {
  CiOperation,
  JsonAnswer,
  JsonBody,
  WOODPECKER_EXTENSION_ANSWER,
  WOODPECKER_EXTENSION_REQUEST,
  WOODPECKER_SECRET,
  WOODPECKER_SECRET_INPUT,
} from '../ci.openapi';
import { WoodpeckerCrudService } from './woodpecker-crud.service';
import { WoodpeckerSecret } from './woodpecker-secret';
import { WoodpeckerService } from './woodpecker.service';

/**
 * Woodpecker's secret protocols. Public to the API-key guard: every route verifies the Woodpecker
 * server's Ed25519 signature before anything else.
 */
@Controller('api/ext/woodpecker/:id')
export class WoodpeckerController {
  constructor(
    private readonly woodpecker: WoodpeckerService,
    private readonly crud: WoodpeckerCrudService,
  ) {}

  @Public()
  @Post()
  @CiOperation('woodpeckerSecrets', "Woodpecker's secret extension: the secrets of one pipeline", 'woodpeckerSignature')
  @JsonBody(WOODPECKER_EXTENSION_REQUEST)
  @JsonAnswer(200, WOODPECKER_EXTENSION_ANSWER, 'The secrets this pipeline may read')
  @ApiNoContentResponse({ description: 'No secret for this pipeline' })
  async extension(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const answer = await this.woodpecker.extension(req, id);
    if (answer === null) res.status(204).end();
    else res.status(200).json(answer);
  }

  @Public()
  @Get('repo/:repoId/secrets')
  @CiOperation('woodpeckerListSecrets', "A repository's secrets, without values", 'woodpeckerSignature')
  @JsonAnswer(200, { type: 'array', items: WOODPECKER_SECRET })
  list(@Param('id') id: string, @Param('repoId') repoId: string, @Req() req: Request): Promise<WoodpeckerSecret[]> {
    return this.crud.list(req, id, repoId);
  }

  @Public()
  @Post('repo/:repoId/secrets')
  @HttpCode(200)
  @CiOperation('woodpeckerCreateSecret', 'Create a repository secret', 'woodpeckerSignature')
  @JsonBody({ ...WOODPECKER_SECRET_INPUT, required: ['name', 'value'] })
  @JsonAnswer(200, WOODPECKER_SECRET)
  create(@Param('id') id: string, @Param('repoId') repoId: string, @Req() req: Request): Promise<WoodpeckerSecret> {
    return this.crud.create(req, id, repoId);
  }

  @Public()
  @Get('repo/:repoId/secrets/:name')
  @CiOperation('woodpeckerGetSecret', 'A repository secret, without its value', 'woodpeckerSignature')
  @JsonAnswer(200, WOODPECKER_SECRET)
  get(
    @Param('id') id: string,
    @Param('repoId') repoId: string,
    @Param('name') name: string,
    @Req() req: Request,
  ): Promise<WoodpeckerSecret> {
    return this.crud.get(req, id, repoId, name);
  }

  @Public()
  @Put('repo/:repoId/secrets/:name')
  @CiOperation(
    'woodpeckerUpdateSecret',
    'Change the value, images or events of a repository secret',
    'woodpeckerSignature',
  )
  @JsonBody(WOODPECKER_SECRET_INPUT)
  @JsonAnswer(200, WOODPECKER_SECRET)
  update(
    @Param('id') id: string,
    @Param('repoId') repoId: string,
    @Param('name') name: string,
    @Req() req: Request,
  ): Promise<WoodpeckerSecret> {
    return this.crud.update(req, id, repoId, name);
  }

  @Public()
  @Delete('repo/:repoId/secrets/:name')
  @HttpCode(204)
  @CiOperation('woodpeckerDeleteSecret', 'Delete a repository secret', 'woodpeckerSignature')
  @ApiNoContentResponse({ description: 'Deleted' })
  delete(
    @Param('id') id: string,
    @Param('repoId') repoId: string,
    @Param('name') name: string,
    @Req() req: Request,
  ): Promise<void> {
    return this.crud.delete(req, id, repoId, name);
  }
}
