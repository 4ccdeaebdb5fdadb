import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { ApiFailures, ApiTextOk } from '../common/openapi/api-replies.decorator.js';
import type { UserEntity } from './user.entity.js';

@Controller()
export class UsersController {
  /** The connection's CRM hostname as a bare string (client-contract §3.5). */
  @Get('hostname')
  @ApiOperation({ operationId: 'getHostname' })
  @ApiTextOk("The connection's CRM host", 'crm.example.com')
  @ApiFailures(400, 429, 500, 503)
  @Header('content-type', 'text/plain; charset=utf-8')
  hostname(@CurrentUser() user: UserEntity): string {
    return user.hostname;
  }
}
