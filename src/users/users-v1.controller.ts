import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { GenericOperationResult, OkResult } from '../common/results';
import { CreateUserResult, UpdateUserRolesDto, UserEntry, UserUpsertDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('api/v1/user')
export class UsersV1Controller {
  constructor(private readonly users: UsersService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ operationId: 'createOrUpdateUser', summary: 'Create a user, or update it when it exists (admin)' })
  @ApiOkResponse({ type: CreateUserResult })
  createOrUpdate(@CurrentPrincipal() p: Principal, @Body() dto: UserUpsertDto): Promise<CreateUserResult> {
    return this.users.createOrUpdate(p, dto);
  }

  // GET names the user by username and DELETE by id, as in Concord; one path parameter name for both,
  // since one path template cannot carry two (a generated client could not tell them apart).
  @Get(':user')
  @ApiOperation({ operationId: 'findUserByUsername', summary: "Find a user by name, with the caller's type (admin)" })
  @ApiParam({ name: 'user', description: 'The username' })
  @ApiOkResponse({ type: UserEntry })
  findByUsername(@CurrentPrincipal() p: Principal, @Param('user') username: string): Promise<UserEntry> {
    return this.users.findByUsername(p, username);
  }

  @Put(':id/disable')
  @ApiOperation({ operationId: 'disableUser', summary: 'Disable a user, optionally for good (admin)' })
  @ApiQuery({ name: 'permanent', required: false, type: Boolean })
  @ApiOkResponse({ type: UserEntry })
  disable(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Query('permanent') permanent?: string,
  ): Promise<UserEntry> {
    return this.users.disable(p, id, permanent?.toLowerCase() === 'true');
  }

  @Delete(':user')
  @ApiOperation({ operationId: 'deleteUser', summary: 'Delete a user and its API keys (admin)' })
  @ApiParam({ name: 'user', description: 'The user id (UUID)', schema: { type: 'string', format: 'uuid' } })
  @ApiOkResponse({ type: OkResult })
  delete(@CurrentPrincipal() p: Principal, @Param('user') id: string): Promise<OkResult> {
    return this.users.delete(p, id);
  }

  @Post(':username/roles')
  @HttpCode(200)
  @ApiOperation({ operationId: 'updateUserRoles', summary: "Replace a user's roles (admin)" })
  @ApiOkResponse({ type: GenericOperationResult })
  updateRoles(
    @CurrentPrincipal() p: Principal,
    @Param('username') username: string,
    @Body() dto: UpdateUserRolesDto,
  ): Promise<GenericOperationResult> {
    return this.users.updateRoles(p, username, dto);
  }
}
