import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentUser } from './current-user.decorator.js';
import { ApiFailures, ApiJsonOk } from '../common/openapi/api-replies.decorator.js';
import { UpdateUserSettingsDto } from './dto/update-user-settings.dto.js';
import type { UserEntity, UserSettings } from './user.entity.js';
import { UserSettingsService } from './user-settings.service.js';

@Controller('user')
export class UserSettingsController {
  constructor(private readonly settings: UserSettingsService) {}

  /** The client replaces its copy with `userSettings` and reads it at once: always echo it. */
  @Post('settings')
  @HttpCode(200)
  @ApiOperation({ operationId: 'postUserSettings' })
  @ApiJsonOk('UserSettingsEnvelope', 'The stored settings after the update')
  @ApiFailures(400, 413, 429, 500, 503)
  async update(
    @CurrentUser() user: UserEntity,
    @Body() body: UpdateUserSettingsDto,
  ): Promise<{ userSettings: UserSettings }> {
    return { userSettings: await this.settings.update(user.id, body) };
  }
}
