import { Inject, Injectable } from '@nestjs/common';
import { sampleCrmConfig, type SampleCrmConfig } from '../../config/sample-crm.config.js';
import type { CrmProvider, OAuthAuth } from '../../crm/crm-provider.interface.js';
import { SampleCrmBaseProvider } from './sample-crm-base.provider.js';
import { SampleCrmServerHost } from './sample-crm-server.host.js';

/** The sample CRM over OAuth 2.0 (authorization code + PKCE, refresh rotation, revocation). */
@Injectable()
export class SampleCrmProvider extends SampleCrmBaseProvider implements CrmProvider {
  readonly platform = 'sample-crm';
  readonly displayName = 'Sample CRM';

  constructor(server: SampleCrmServerHost, @Inject(sampleCrmConfig.KEY) config: SampleCrmConfig) {
    super(server, config);
  }

  get auth(): OAuthAuth {
    const base = `${this.server.baseUrl}/oauth`;
    // The authorize page is opened by the user's browser, which may know the CRM by another name.
    const browserBase = `${this.config.publicUrl ?? this.server.baseUrl}/oauth`;
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
