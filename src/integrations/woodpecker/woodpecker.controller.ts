import { Controller, Delete, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../identity/public.decorator';
import { WoodpeckerCrudService } from './woodpecker-crud.service';
import { WoodpeckerSecret } from './woodpecker-secret';
import { WoodpeckerService } from './woodpecker.service';

/**
 * Woodpecker's secret protocols. Public to the API-key guard: every route verifies the Woodpecker
 * server's Ed25519 signature before anything else.
 */
@ApiExcludeController()
@Controller('api/ext/woodpecker/:id')
export class WoodpeckerController {
  constructor(
    private readonly woodpecker: WoodpeckerService,
    private readonly crud: WoodpeckerCrudService,
  ) {}

  @Public()
  @Post()
  async extension(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const answer = await this.woodpecker.extension(req, id);
    if (answer === null) res.status(204).end();
    else res.status(200).json(answer);
  }

  @Public()
  @Get('repo/:repoId/secrets')
  list(@Param('id') id: string, @Param('repoId') repoId: string, @Req() req: Request): Promise<WoodpeckerSecret[]> {
    return this.crud.list(req, id, repoId);
  }

  @Public()
  @Post('repo/:repoId/secrets')
  @HttpCode(200)
  create(@Param('id') id: string, @Param('repoId') repoId: string, @Req() req: Request): Promise<WoodpeckerSecret> {
    return this.crud.create(req, id, repoId);
  }

  @Public()
  @Get('repo/:repoId/secrets/:name')
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
  delete(
    @Param('id') id: string,
    @Param('repoId') repoId: string,
    @Param('name') name: string,
    @Req() req: Request,
  ): Promise<void> {
    return this.crud.delete(req, id, repoId, name);
  }
}
