import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { UserEntry, UserSearchQuery } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('api/v2/user')
export class UsersV2Controller {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ operationId: 'searchUsers', summary: 'Search active users (an empty filter finds nothing)' })
  @ApiOkResponse({ type: [UserEntry] })
  search(@Query() query: UserSearchQuery): Promise<UserEntry[]> {
    return this.users.search(query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getUser', summary: 'Get a user by id (self, admin or global reader)' })
  @ApiOkResponse({ type: UserEntry })
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<UserEntry> {
    return this.users.get(p, id);
  }
}
