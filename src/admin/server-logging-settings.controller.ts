import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { success, type Envelope } from '../common/envelope.js';
import { ApiFailures, ApiJsonOk } from '../common/openapi/api-replies.decorator.js';
import { CurrentUser } from '../users/current-user.decorator.js';
import type { UserEntity } from '../users/user.entity.js';
import { ServerLoggingSettingsUpdateDto } from './dto/server-logging-settings-update.dto.js';
import { ServerLoggingSettingsService } from './server-logging-settings.service.js';

/** Despite the path, the official server checks only the session here, not admin rights. */
@Controller('admin/serverLoggingSettings')
export class ServerLoggingSettingsController {
  constructor(private readonly settings: ServerLoggingSettingsService) {}

  @Get()
  @ApiOperation({ operationId: 'getAdminServerLoggingSettings' })
  @ApiJsonOk('ServerLoggingSettings')
  @ApiFailures(400, 429, 500, 503)
  async get(
    @CurrentUser() user: UserEntity,
  ): Promise<{ additionalFieldValues: Record<string, unknown> }> {
    return { additionalFieldValues: await this.settings.get(user.id) };
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ operationId: 'postAdminServerLoggingSettings' })
  @ApiJsonOk('Envelope')
  @ApiFailures(400, 413, 429, 500, 503)
  async save(
    @CurrentUser() user: UserEntity,
    @Body() body: ServerLoggingSettingsUpdateDto,
  ): Promise<Envelope> {
    await this.settings.save(user.id, body.additionalFieldValues);
    return { successful: true, returnMessage: success('Server logging settings updated') };
  }
}
