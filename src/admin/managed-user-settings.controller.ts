import { Controller, Get, Logger, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AppError } from '../common/errors/app-error.js';
import { Public } from '../common/http/public.decorator.js';
import { ApiFailures, ApiJsonOk } from '../common/openapi/api-replies.decorator.js';
import { ApiRcAccessToken, RcAccessToken } from '../ringcentral/rc-access-token.decorator.js';
import { CurrentUser } from '../users/current-user.decorator.js';
import type { UserEntity, UserSettings } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { AdminAccessService } from './admin-access.service.js';
import { AdminSettingsService } from './admin-settings.service.js';
import { RcAccountIdQuery } from './dto/rc-account-id.query.js';

/** The user's settings as their account's policy shapes them (docs/client-contract.md, User). */
@Controller('user')
export class ManagedUserSettingsController {
  private readonly logger = new Logger('AdminSettings');

  constructor(
    private readonly access: AdminAccessService,
    private readonly settings: AdminSettingsService,
    private readonly users: UsersService,
  ) {}

  /**
   * A RingCentral token (re)binds the user to its account; without one, or when RingCentral
   * refuses or is down, the account last proved still applies, as the official server falls
   * back to the user's own settings.
   */
  @Get('settings')
  @ApiOperation({ operationId: 'getUserSettings' })
  @ApiRcAccessToken()
  @ApiJsonOk('UserSettings', 'The effective settings: the account policy merged in')
  @ApiFailures(400, 429, 500, 503)
  async get(
    @CurrentUser() user: UserEntity,
    @RcAccessToken() token: string | undefined,
    @Query() _query: RcAccountIdQuery,
  ): Promise<UserSettings> {
    let accountKey = user.rcAccountKey;
    if (token) {
      try {
        accountKey = await this.access.accountKey(token);
        await this.users.bindRcAccount(user, accountKey);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        this.logger.warn(`Account policy not refreshed: ${error.message}`);
      }
    }
    return this.settings.effectiveFor(user, accountKey);
  }

  /** Before any CRM sign-in: the policy of the account the RingCentral token proves, else none. */
  @Get('preloadSettings')
  @Public()
  @ApiOperation({ operationId: 'getUserPreloadSettings' })
  @ApiRcAccessToken()
  @ApiJsonOk('UserSettingsEnvelope', "The account's policy; empty without a RingCentral token")
  @ApiFailures(400, 429, 500, 503)
  async preload(
    @RcAccessToken() token: string | undefined,
    @Query() _query: RcAccountIdQuery,
  ): Promise<{ userSettings: UserSettings }> {
    if (!token) return { userSettings: {} };
    let accountKey: string;
    try {
      accountKey = await this.access.accountKey(token);
    } catch (error) {
      // The official document declares no 403 here: a refused token is a bad request.
      if (error instanceof AppError && error.code === 'FORBIDDEN') {
        throw AppError.invalidRequest(error.message);
      }
      throw error;
    }
    return { userSettings: (await this.settings.preload(accountKey)) ?? {} };
  }
}
