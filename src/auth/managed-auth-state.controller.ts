import { Controller, Get, Logger, Query } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { ApiOperation } from '@nestjs/swagger';
import { ApiFailures, ApiJsonOk } from '../common/openapi/api-replies.decorator.js';
import { CrmRegistry } from '../crm/crm-registry.service.js';
import { ApiRcAccessToken, RcAccessToken } from '../ringcentral/rc-access-token.decorator.js';
import {
  ApiKeyManagedAuthStateQuery,
  ManagedAuthStateQuery,
} from './dto/managed-auth-state.query.js';
import { Public } from '../common/http/public.decorator.js';
import { ManagedLoginValues } from './managed-login-values.service.js';
import { ManagedOAuthService, type ManagedOAuthState } from './managed-oauth.service.js';
import { AdminAccessService } from '../admin/admin-access.service.js';

export interface ApiKeyManagedAuthState {
  hasManagedAuth: boolean;
  allRequiredFieldsSatisfied: boolean;
  visibleFieldConsts: string[] | null;
  missingRequiredFieldConsts: string[];
  fallbackToManualAuth: boolean;
}

/** Managed credentials (docs/client-contract.md, Auth): API-key values an admin stored for the account. */
@Controller()
@Public()
export class ManagedAuthStateController {
  private readonly logger = new Logger('ManagedAuth');

  constructor(
    private readonly registry: CrmRegistry,
    private readonly managed: ManagedLoginValues,
    private readonly access: AdminAccessService,
    private readonly managedOAuth: ManagedOAuthService,
  ) {}

  /** Without a RingCentral token nothing is managed; the token alone picks the account. */
  @Get('apiKeyManagedAuthState')
  @ApiOperation({ operationId: 'getApiKeyManagedAuthState' })
  @ApiRcAccessToken()
  @ApiJsonOk('ApiKeyManagedAuthStateResponse')
  @ApiFailures(400, 429, 500, 503)
  async apiKey(
    @Query() query: ApiKeyManagedAuthStateQuery,
    @RcAccessToken() token: string | undefined,
  ): Promise<ApiKeyManagedAuthState> {
    const provider = this.registry.get(query.platform);
    const { auth } = provider;
    const fields = auth.type === 'apiKey' ? auth.page.content : [];
    const values = token && auth.type === 'apiKey' ? await this.values(token, query.platform) : {};
    const hasManagedAuth = Object.keys(values).length > 0;
    // Every required field the account has not stored is left to the user, the key itself always.
    const missing = fields
      .filter((field) => field.required || field.const === 'apiKey')
      .map((field) => field.const)
      .filter((name) => values[name] === undefined);
    return {
      hasManagedAuth,
      allRequiredFieldsSatisfied: hasManagedAuth && missing.length === 0,
      visibleFieldConsts: hasManagedAuth ? missing : null,
      missingRequiredFieldConsts: missing,
      fallbackToManualAuth: false,
    };
  }

  /** A token RingCentral refuses, or RingCentral down, leaves the manual form (as GET /user/settings). */
  private async values(token: string, platform: string): Promise<Record<string, string>> {
    try {
      return (await this.managed.forToken(token, platform)).values;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      this.logger.warn(`Managed credentials not read: ${error.message}`);
      return {};
    }
  }

  /** The token picks the account; pending values only for its admin (docs/client-contract.md, Auth). */
  @Get('oauthManagedAuthState')
  @ApiOperation({ operationId: 'getOauthManagedAuthState' })
  @ApiRcAccessToken()
  @ApiJsonOk('OauthManagedAuthStateResponse')
  @ApiFailures(400, 429, 500, 503)
  async oauth(
    @Query() query: ManagedAuthStateQuery,
    @RcAccessToken() token: string | undefined,
  ): Promise<ManagedOAuthState> {
    this.registry.get(query.platform);
    if (!token) {
      throw AppError.invalidRequest('a RingCentral access token is required (X-RC-Access-Token)');
    }
    let identity: { accountKey: string; isAdmin: boolean };
    try {
      identity = await this.access.identity(token);
    } catch (error) {
      // This route declares no 403: a refused token is a bad request, as for the API-key login.
      if (error instanceof AppError && error.code === 'FORBIDDEN') {
        throw AppError.invalidRequest(error.message);
      }
      throw error;
    }
    return this.managedOAuth.state(identity.accountKey, query.platform, identity.isAdmin);
  }
}
