import { Inject, Injectable } from '@nestjs/common';
import { crmConfig, type CrmConfig } from '../config/crm.config.js';
import { CrmCallPolicies } from './crm-call-policies.service.js';
import {
  CrmHttpClient,
  type CredentialSource,
  type CrmHttpClientOptions,
} from './crm-http-client.js';
import type { CrmContext, CrmUserRef } from './crm-context.js';
import type { CrmProvider } from './crm-provider.js';
import { CrmHostPolicy } from './hosts/crm-host-policy.service.js';

type TargetOptions = Omit<CrmHttpClientOptions, 'credentials'>;

/** Distinct (provider, base URL) pairs remembered; past it the memory starts afresh. */
const MAX_TARGETS = 1000;

/** The per-request context a provider method receives; its calls share one CRM_TIMEOUT_MS. */
@Injectable()
export class CrmContextFactory {
  /** What a client needs besides the user's credentials, per provider and base URL: built once. */
  private readonly targets = new Map<CrmProvider, Map<string, TargetOptions>>();
  private targetCount = 0;

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
    const options = this.targetOptions(provider, provider.apiBaseUrl(target.hostname));
    const http = new CrmHttpClient({ ...options, credentials });
    return { platform: provider.platform, hostname: target.hostname, user: target.user, http };
  }

  private targetOptions(provider: CrmProvider, baseUrl: string): TargetOptions {
    let byUrl = this.targets.get(provider);
    let options = byUrl?.get(baseUrl);
    if (options) return options;
    const { policy, dispatcher } = this.policies.forTarget(provider, baseUrl);
    options = {
      baseUrl,
      crmName: provider.displayName,
      placement: provider.auth.type === 'apiKey' ? provider.auth.placement : { in: 'bearer' },
      checkHost: this.hosts.requestGuard(provider),
      policy,
      dispatcher,
      budgetMs: this.config.timeoutMs,
      idempotentPatch: provider.http?.idempotentPatch,
      idempotencyKeyHeader: provider.http?.idempotencyKeyHeader,
    };
    if (this.targetCount >= MAX_TARGETS) {
      this.targets.clear();
      this.targetCount = 0;
      byUrl = undefined;
    }
    if (!byUrl) this.targets.set(provider, (byUrl = new Map()));
    byUrl.set(baseUrl, options);
    this.targetCount += 1;
    return options;
  }
}
