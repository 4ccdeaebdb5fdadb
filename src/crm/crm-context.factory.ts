import { Inject, Injectable } from '@nestjs/common';
import { crmConfig, type CrmConfig } from '../config/crm.config.js';
import { CrmHttpClient, type CredentialSource } from './crm-http-client.js';
import type { CrmContext, CrmProvider, CrmUserRef } from './crm-provider.interface.js';
import { CrmHostPolicy } from './hosts/crm-host-policy.service.js';

/** Builds the per-request context a provider method receives. */
@Injectable()
export class CrmContextFactory {
  constructor(
    @Inject(crmConfig.KEY) private readonly config: CrmConfig,
    private readonly hosts: CrmHostPolicy,
  ) {}

  create(
    provider: CrmProvider,
    target: { hostname: string; user?: CrmUserRef },
    credentials: CredentialSource,
  ): CrmContext {
    const http = new CrmHttpClient({
      baseUrl: provider.apiBaseUrl(target.hostname),
      crmName: provider.displayName,
      placement: provider.auth.type === 'apiKey' ? provider.auth.placement : { in: 'bearer' },
      credentials,
      timeoutMs: this.config.timeoutMs,
      checkHost: this.hosts.requestGuard(provider),
    });
    return { platform: provider.platform, hostname: target.hostname, user: target.user, http };
  }
}
