import { Inject, Injectable } from '@nestjs/common';
import { crmConfig, type CrmConfig } from '../config/crm.config.js';
import { CrmCallPolicies } from './crm-call-policies.service.js';
import { CrmHttpClient, type CredentialSource } from './crm-http-client.js';
import type { CrmContext, CrmUserRef } from './crm-context.js';
import type { CrmProvider } from './crm-provider.js';
import { CrmHostPolicy } from './hosts/crm-host-policy.service.js';

/** The per-request context a provider method receives; its calls share one CRM_TIMEOUT_MS. */
@Injectable()
export class CrmContextFactory {
  constructor(
    @Inject(crmConfig.KEY) private readonly config: CrmConfig,
    private readonly hosts: CrmHostPolicy,
    private readonly policies: CrmCallPolicies,
  ) {}

  create(
    provider: CrmProvider,
    target: { hostname: string; user?: CrmUserRef },
    credentials: CredentialSource,
  ): CrmContext {
    const baseUrl = provider.apiBaseUrl(target.hostname);
    const { policy, dispatcher } = this.policies.forTarget(provider, baseUrl);
    const http = new CrmHttpClient({
      baseUrl,
      crmName: provider.displayName,
      placement: provider.auth.type === 'apiKey' ? provider.auth.placement : { in: 'bearer' },
      credentials,
      checkHost: this.hosts.requestGuard(provider),
      policy,
      dispatcher,
      budgetMs: this.config.timeoutMs,
      idempotentPatch: provider.http?.idempotentPatch,
      idempotencyKeyHeader: provider.http?.idempotencyKeyHeader,
    });
    return { platform: provider.platform, hostname: target.hostname, user: target.user, http };
  }
}
