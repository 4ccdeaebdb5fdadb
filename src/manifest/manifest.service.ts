import { Inject, Injectable } from '@nestjs/common';
import { SERVER_VERSION } from '../common/server-version.js';
import { appConfig, type AppConfig } from '../config/app.config.js';
import { EMBEDDABLE_REDIRECT_URI } from '../config/oauth.config.js';
import type { CrmProvider } from '../crm/crm-provider.js';
import { CrmRegistry } from '../crm/crm-registry.service.js';
import { urlIdentifierOf } from './platform-registration.js';

/** The client's manifest, built from the bound providers' declarations. */
@Injectable()
export class ManifestService {
  constructor(
    private readonly registry: CrmRegistry,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {}

  manifest(platformName?: string): Record<string, unknown> {
    const providers = platformName ? [this.registry.get(platformName)] : this.registry.all();
    return {
      serverUrl: this.app.publicUrl,
      redirectUri: EMBEDDABLE_REDIRECT_URI,
      author: { name: 'crm-bridge', websiteUrl: 'https://github.com/crm-bridge/crm-bridge' },
      version: SERVER_VERSION,
      platforms: this.platforms(providers),
    };
  }

  platforms(providers = this.registry.all()): Record<string, Record<string, unknown>> {
    return Object.fromEntries(providers.map((p) => [p.platform, this.platformProfile(p)]));
  }

  private platformProfile(provider: CrmProvider): Record<string, unknown> {
    return {
      ...provider.manifest,
      name: provider.platform,
      displayName: provider.displayName,
      urlIdentifier: urlIdentifierOf(provider).value,
      auth: this.authProfile(provider),
      contactTypes: provider.contactTypes ?? [],
      page: this.page(provider),
      requestConfig: { timeout: 30 },
      // The client sends PUT /callDisposition only when this is false.
      disableDisposition: typeof provider.upsertCallDisposition !== 'function',
    };
  }

  private authProfile(provider: CrmProvider): Record<string, unknown> {
    const { auth } = provider;
    if (auth.type === 'apiKey') return { type: 'apiKey', apiKey: { page: auth.page } };
    return {
      type: 'oauth',
      oauth: {
        // The popup goes through /oauth-start, which signs the state and keeps the PKCE verifier.
        authUrl: `${this.app.publicUrl}/oauth-start/${provider.platform}`,
        clientId: auth.oauth.clientId,
        redirectUri: EMBEDDABLE_REDIRECT_URI,
        // Appended raw by the client; `scope=a b` is the form both client generations accept.
        scope: `scope=${auth.oauth.scopes.join(' ')}`,
      },
    };
  }

  private page(provider: CrmProvider): Record<string, unknown> {
    const page: Record<string, unknown> = { ...provider.manifest?.page };
    for (const form of ['callLog', 'messageLog'] as const) {
      const fields = provider.logFormFields?.[form];
      if (!fields?.length) continue;
      const declared = page[form];
      const base = declared && typeof declared === 'object' ? declared : {};
      page[form] = { ...base, additionalFields: fields };
    }
    const declared = page.appointment;
    const appointment = declared && typeof declared === 'object' ? declared : undefined;
    // The 2.0 client shows its appointments tab only when `supported`, and a Confirm action
    // unless `showConfirm` is false: both follow the operations the provider implements.
    if (typeof provider.listAppointments === 'function') {
      const confirms = typeof provider.confirmAppointment === 'function';
      page.appointment = {
        ...appointment,
        supported: true,
        showConfirm: confirms && (appointment as { showConfirm?: unknown })?.showConfirm !== false,
      };
    } else if (appointment) {
      page.appointment = { ...appointment, supported: false };
    }
    return page;
  }
}
