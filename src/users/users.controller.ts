import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentUser } from './current-user.decorator.js';
import { ApiFailures, ApiTextOk } from '../common/openapi/api-replies.decorator.js';
import { CrmRegistry } from '../crm/crm-registry.service.js';
import { CrmHostPolicy } from '../crm/hosts/crm-host-policy.service.js';
import type { UserEntity } from './user.entity.js';

@Controller()
export class UsersController {
  constructor(
    private readonly registry: CrmRegistry,
    private readonly hosts: CrmHostPolicy,
  ) {}

  @Get('hostname')
  @ApiOperation({ operationId: 'getHostname' })
  @ApiTextOk("The connection's CRM host", 'crm.example.com')
  @ApiFailures(400, 429, 500, 503)
  @Header('content-type', 'text/plain; charset=utf-8')
  hostname(@CurrentUser() user: UserEntity): string {
    return this.hosts.connectionHost(this.registry.get(user.platform), user.hostname);
  }
}
