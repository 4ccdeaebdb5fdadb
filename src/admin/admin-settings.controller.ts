import { Body, Controller, Get, Header, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { AppError } from '../common/errors/app-error.js';
import type { HttpRequest } from '../common/http/http-types.js';
import { Public } from '../common/http/public.decorator.js';
import { ApiFailures, ApiJsonOk } from '../common/openapi/api-replies.decorator.js';
import { ApiRcAccessToken, RcAccessToken } from '../ringcentral/rc-access-token.decorator.js';
import { CurrentUser } from '../users/current-user.decorator.js';
import { OptionalSessionGuard } from '../users/optional-session.guard.js';
import type { UserEntity } from '../users/user.entity.js';
import { AdminAccessService } from './admin-access.service.js';
import { AdminSettingsService, type AdminSettings } from './admin-settings.service.js';
import { CrmUserMappingsService } from './crm-user-mappings.service.js';
import { AdminSettingsUpdateDto } from './dto/admin-settings-update.dto.js';
import { fromOfficialMappings, toOfficialMappings } from './official-user-mappings.js';

/** The account policy a RingCentral administrator manages (docs/client-contract.md, Admin). */
@Controller('admin')
export class AdminSettingsController {
  constructor(
    private readonly access: AdminAccessService,
    private readonly settings: AdminSettingsService,
    private readonly mappings: CrmUserMappingsService,
  ) {}

  @Get('settings')
  @ApiOperation({ operationId: 'getAdminSettings', summary: 'Read admin settings' })
  @ApiRcAccessToken()
  @ApiJsonOk('AdminSettings')
  @ApiFailures(400, 403, 429, 500, 503)
  async get(
    @CurrentUser() user: UserEntity,
    @RcAccessToken() token: string | undefined,
  ): Promise<AdminSettings & { userMappings: ReturnType<typeof toOfficialMappings> }> {
    const accountKey = await this.access.adminAccountKey(token);
    const [settings, mappings] = await Promise.all([
      this.settings.forAccount(accountKey),
      this.mappings.stored(accountKey, user.platform),
    ]);
    return { ...settings, userMappings: toOfficialMappings(mappings) };
  }

  /**
   * As the official server: no session needed, and a plain confirmation (typed text/html); only
   * `userMappings` needs the session, whose CRM they map.
   */
  @Post('settings')
  @HttpCode(200)
  @Public()
  @UseGuards(OptionalSessionGuard)
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
    @Req() req: HttpRequest,
    @RcAccessToken() token: string | undefined,
    @Body() body: AdminSettingsUpdateDto,
  ): Promise<string> {
    const sent = body.adminSettings.userMappings;
    const user = req.user as UserEntity | null | undefined;
    const mappings = sent === undefined ? undefined : fromOfficialMappings(sent);
    if (mappings && !user) {
      throw AppError.invalidRequest(
        "adminSettings.userMappings needs the CRM session (jwtToken): they map that CRM's users",
      );
    }
    const accountKey = await this.access.adminAccountKey(token);
    await this.settings.save(accountKey, body.adminSettings);
    if (mappings && user) await this.mappings.replace(accountKey, user.platform, mappings);
    return 'Admin settings updated';
  }
}
