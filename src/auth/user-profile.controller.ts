import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentUser } from '../users/current-user.decorator.js';
import type { Envelope } from '../common/envelope.js';
import { ApiJsonOk, ApiSessionFailures } from '../common/openapi/api-replies.decorator.js';
import type { UserEntity } from '../users/user.entity.js';
import { UserProfileService } from './user-profile.service.js';

@Controller('user')
export class UserProfileController {
  constructor(private readonly profiles: UserProfileService) {}

  @Post('refreshInfo')
  @HttpCode(200)
  @ApiOperation({ operationId: 'postUserRefreshInfo', summary: "Refresh the user's CRM profile" })
  @ApiJsonOk('Envelope')
  @ApiSessionFailures()
  refresh(@CurrentUser() user: UserEntity): Promise<Envelope> {
    return this.profiles.refresh(user);
  }
}
