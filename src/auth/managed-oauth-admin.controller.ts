import { Body, Controller, Delete, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AdminAccessService } from '../admin/admin-access.service.js';
import { ApiFailures, ApiJsonOk } from '../common/openapi/api-replies.decorator.js';
import { Public } from '../common/http/public.decorator.js';
import { ApiRcAccessToken, RcAccessToken } from '../ringcentral/rc-access-token.decorator.js';
import { ManagedAuthStateQuery } from './dto/managed-auth-state.query.js';
import { ManagedOAuthCacheDto } from './dto/managed-oauth-cache.dto.js';
import { ManagedOAuthClients } from './managed-oauth-clients.service.js';
import { ManagedOAuthService } from './managed-oauth.service.js';

const DONE = { successful: true } as const;

/** An account's own OAuth client for a CRM, set up by its admin (docs/client-contract.md, Admin). */
@Controller('admin/managedOAuth')
@Public()
export class ManagedOAuthAdminController {
  constructor(
    private readonly access: AdminAccessService,
    private readonly clients: ManagedOAuthClients,
    private readonly store: ManagedOAuthService,
  ) {}

  /** Pending until the admin's own sign-in with them succeeds; replaced by a later call. */
  @Post('cache')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'postAdminManagedOauthCache',
    summary: 'Cache admin-managed OAuth credentials',
  })
  @ApiRcAccessToken()
  @ApiJsonOk('BasicMutationResponse')
  @ApiFailures(400, 403, 413, 429, 500, 503)
  async cache(
    @RcAccessToken() token: string | undefined,
    @Body() body: ManagedOAuthCacheDto,
  ): Promise<typeof DONE> {
    const accountKey = await this.access.adminAccountKey(token);
    const values = await this.clients.check(body.values);
    await this.store.cachePending(accountKey, values);
    return DONE;
  }

  @Delete('cache')
  @ApiOperation({
    operationId: 'deleteAdminManagedOauthCache',
    summary: 'Delete cached admin-managed OAuth credentials',
  })
  @ApiRcAccessToken()
  @ApiJsonOk('BasicMutationResponse')
  @ApiFailures(400, 403, 429, 500, 503)
  async clearCache(@RcAccessToken() token: string | undefined): Promise<typeof DONE> {
    await this.store.clearPending(await this.access.adminAccountKey(token));
    return DONE;
  }

  /** Users signed in with the removed client connect again (their refresh is refused). */
  @Delete('account')
  @ApiOperation({
    operationId: 'deleteAdminManagedOauthAccount',
    summary: 'Delete account-scoped admin-managed OAuth credentials',
  })
  @ApiRcAccessToken()
  @ApiJsonOk('BasicMutationResponse')
  @ApiFailures(400, 403, 429, 500, 503)
  async reset(
    @RcAccessToken() token: string | undefined,
    @Query() query: ManagedAuthStateQuery,
  ): Promise<typeof DONE> {
    await this.store.reset(await this.access.adminAccountKey(token), query.platform);
    return DONE;
  }
}
