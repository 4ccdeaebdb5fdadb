import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentUser } from './current-user.decorator.js';
import { Public } from '../common/http/public.decorator.js';
import { ApiFailures, ApiJsonOk } from '../common/openapi/api-replies.decorator.js';
import { UpdateUserSettingsDto } from './dto/update-user-settings.dto.js';
import type { UserEntity, UserSettings } from './user.entity.js';
import { UserSettingsService } from './user-settings.service.js';

@Controller('user')
export class UserSettingsController {
  constructor(private readonly settings: UserSettingsService) {}

  @Get('settings')
  @ApiOperation({ operationId: 'getUserSettings' })
  @ApiJsonOk('UserSettings')
  @ApiFailures(400, 429, 500, 503)
  get(@CurrentUser() user: UserEntity): UserSettings {
    return user.settings;
  }

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

  /** Account policies are never exposed to an unauthenticated account id. */
  @Get('preloadSettings')
  @ApiOperation({ operationId: 'getUserPreloadSettings' })
  @ApiJsonOk('UserSettingsEnvelope', 'Always empty: no account policies before sign-in')
  @ApiFailures(429, 500)
  @Public()
  preload(): { userSettings: UserSettings } {
    return { userSettings: {} };
  }
}
