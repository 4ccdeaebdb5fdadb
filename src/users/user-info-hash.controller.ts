import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Public } from '../common/http/public.decorator.js';
import { ApiFailures, ApiJsonOk } from '../common/openapi/api-replies.decorator.js';
import { RateLimit } from '../common/http/rate-limit.decorator.js';
import { UserInfoHashQuery } from './dto/user-info-hash.query.js';
import { RcIdHasher } from './rc-id-hasher.service.js';

@Controller()
export class UserInfoHashController {
  constructor(private readonly hasher: RcIdHasher) {}

  /** A missing id is hashed as the empty id: the contract always answers both hashes. */
  @Get('userInfoHash')
  @ApiOperation({ operationId: 'getUserInfoHash' })
  @ApiJsonOk('UserInfoHashResponse')
  @ApiFailures(400, 429, 500)
  @Public()
  @RateLimit('userInfoHash')
  hash(@Query() query: UserInfoHashQuery): { extensionId: string; accountId: string } {
    return {
      extensionId: this.hasher.hash(query.extensionId ?? ''),
      accountId: this.hasher.hash(query.accountId ?? ''),
    };
  }
}
