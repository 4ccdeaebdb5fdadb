import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { Public } from '../common/http/public.decorator.js';
import { ApiFailures, ApiJsonOk } from '../common/openapi/api-replies.decorator.js';
import { ApiRcAccessToken, RcAccessToken } from '../ringcentral/rc-access-token.decorator.js';
import { AdminAccessService } from './admin-access.service.js';
import { AdminSettingsService, type AdminSettings } from './admin-settings.service.js';
import { AdminSettingsUpdateDto } from './dto/admin-settings-update.dto.js';

/** The account policy a RingCentral administrator manages (docs/client-contract.md, Admin). */
@Controller('admin')
export class AdminSettingsController {
  constructor(
    private readonly access: AdminAccessService,
    private readonly settings: AdminSettingsService,
  ) {}

  @Get('settings')
  @ApiOperation({ operationId: 'getAdminSettings', summary: 'Read admin settings' })
  @ApiRcAccessToken()
  @ApiJsonOk('AdminSettings')
  @ApiFailures(400, 403, 429, 500, 503)
  async get(@RcAccessToken() token: string | undefined): Promise<AdminSettings> {
    return this.settings.forAccount(await this.access.adminAccountKey(token));
  }

  /** As the official server: no session needed, and a plain confirmation (typed text/html). */
  @Post('settings')
  @HttpCode(200)
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ operationId: 'postAdminSettings', summary: 'Save admin settings' })
  @ApiRcAccessToken()
  @ApiResponse({
    status: 200,
    description: 'Saved',
    content: { 'text/html': { schema: { type: 'string', example: 'Admin settings updated' } } },
  })
  @ApiFailures(400, 403, 413, 429, 500, 503)
  async save(
    @RcAccessToken() token: string | undefined,
    @Body() body: AdminSettingsUpdateDto,
  ): Promise<string> {
    await this.settings.save(await this.access.adminAccountKey(token), body.adminSettings);
    return 'Admin settings updated';
  }
}
