import { Controller, Get, Header } from '@nestjs/common';
import { CurrentUser } from '../auth/current-user.decorator.js';
import type { UserEntity } from './user.entity.js';

@Controller()
export class UsersController {
  /** The connection's CRM hostname as a bare string (client-contract §3.5). */
  @Get('hostname')
  @Header('content-type', 'text/plain; charset=utf-8')
  hostname(@CurrentUser() user: UserEntity): string {
    return user.hostname;
  }
}
