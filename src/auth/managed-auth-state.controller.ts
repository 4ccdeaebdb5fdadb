import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiFailures, ApiJsonOk } from '../common/openapi/api-replies.decorator.js';
import { CrmRegistry } from '../crm/crm-registry.service.js';
import {
  ApiKeyManagedAuthStateQuery,
  ManagedAuthStateQuery,
} from './dto/managed-auth-state.query.js';
import { Public } from '../common/http/public.decorator.js';

export interface ApiKeyManagedAuthState {
  hasManagedAuth: boolean;
  allRequiredFieldsSatisfied: boolean;
  visibleFieldConsts: string[] | null;
  missingRequiredFieldConsts: string[];
  fallbackToManualAuth: boolean;
}

export interface OAuthManagedAuthState {
  isAdmin: boolean;
  hasAccountOAuth: boolean;
  hasPendingOAuth: boolean;
}

/** Managed credentials (docs/client-contract.md): none, so the RingCentral token is not read. */
@Controller()
@Public()
export class ManagedAuthStateController {
  constructor(private readonly registry: CrmRegistry) {}

  @Get('apiKeyManagedAuthState')
  @ApiOperation({ operationId: 'getApiKeyManagedAuthState' })
  @ApiJsonOk('ApiKeyManagedAuthStateResponse')
  @ApiFailures(400, 429, 500)
  apiKey(@Query() query: ApiKeyManagedAuthStateQuery): ApiKeyManagedAuthState {
    const { auth } = this.registry.get(query.platform);
    const fields = auth.type === 'apiKey' ? auth.page.content : [];
    return {
      hasManagedAuth: false,
      allRequiredFieldsSatisfied: false,
      visibleFieldConsts: null,
      // Every required field is left to the user, the key itself always.
      missingRequiredFieldConsts: fields
        .filter((field) => field.required || field.const === 'apiKey')
        .map((field) => field.const),
      fallbackToManualAuth: false,
    };
  }

  @Get('oauthManagedAuthState')
  @ApiOperation({ operationId: 'getOauthManagedAuthState' })
  @ApiJsonOk('OauthManagedAuthStateResponse')
  @ApiFailures(400, 429, 500)
  oauth(@Query() query: ManagedAuthStateQuery): OAuthManagedAuthState {
    this.registry.get(query.platform);
    return { isAdmin: false, hasAccountOAuth: false, hasPendingOAuth: false };
  }
}
