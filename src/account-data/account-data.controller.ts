import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Envelope } from '../common/envelope.js';
import { ApiJsonOk, ApiSessionFailures } from '../common/openapi/api-replies.decorator.js';
import { CurrentUser } from '../users/current-user.decorator.js';
import type { UserEntity } from '../users/user.entity.js';
import { AccountDataService } from './account-data.service.js';
import { AccountDataQuery } from './dto/account-data.query.js';

@Controller()
export class AccountDataController {
  constructor(private readonly accountData: AccountDataService) {}

  @Get('accountData')
  @ApiOperation({
    operationId: 'getAccountData',
    summary: 'Account-level CRM data (activity types, users…), cached per CRM tenant',
  })
  @ApiJsonOk('AccountDataResponse')
  @ApiSessionFailures()
  get(@CurrentUser() user: UserEntity, @Query() query: AccountDataQuery): Promise<Envelope> {
    return this.accountData.get(user, query);
  }
}
