import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';
import { ConsoleService } from './console.service';
import { SessionCookie } from './session-cookie';

@Module({ controllers: [ConsoleController], providers: [ConsoleService, SessionCookie] })
export class ConsoleModule {}
