import { Inject, Injectable } from '@nestjs/common';
import { sampleCrmConfig, type SampleCrmConfig } from '../../config/sample-crm.config.js';
import type { OAuthAuth } from '../../crm/crm-auth.types.js';
import type { CrmProvider } from '../../crm/crm-provider.js';
import { SampleCrmBaseProvider } from './sample-crm-base.provider.js';
import { SampleCrmEndpoint } from './sample-crm-endpoint.js';

/** The sample CRM over OAuth 2.0 (authorization code + PKCE, refresh rotation, revocation). */
@Injectable()
export class SampleCrmProvider extends SampleCrmBaseProvider implements CrmProvider {
  readonly platform = 'sample-crm';
  readonly displayName = 'Sample CRM';

  constructor(endpoint: SampleCrmEndpoint, @Inject(sampleCrmConfig.KEY) config: SampleCrmConfig) {
    super(endpoint, config);
  }

  get auth(): OAuthAuth {
    const base = `${this.endpoint.baseUrl}/oauth`;
    // The authorize page is opened by the user's browser, which may know the CRM by another name.
    const browserBase = `${this.config.publicUrl ?? this.endpoint.baseUrl}/oauth`;
    return {
      type: 'oauth',
      oauth: {
        authorizationUrl: `${browserBase}/auth`,
        tokenUrl: `${base}/token`,
        revocationUrl: `${base}/token/revocation`,
        scopes: ['openid', 'offline_access', 'contacts', 'activities'],
        pkce: true,
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        // oidc-provider asks for consent before it issues a refresh token (offline_access).
        authorizationParams: { prompt: 'consent' },
      },
    };
  }
}
