import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { CircuitBreakerPolicy } from 'cockatiel';
import { Agent } from '../common/http/undici-client.js';
import { crmConfig, type CrmConfig } from '../config/crm.config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { CrmBulkhead } from './crm-bulkhead.js';
import {
  createCrmBreaker,
  createCrmBulkhead,
  CrmCallPolicy,
  type CrmCallSettings,
} from './crm-call-policy.js';
import type { CrmHttpDeclaration, CrmProvider } from './crm-provider.js';
import { CrmRegistry } from './crm-registry.service.js';

export interface CrmHttpSettings extends CrmCallSettings {
  connectTimeoutMs: number;
  maxConcurrent: number;
  maxQueued: number;
  breakerThreshold: number;
  breakerHalfOpenMs: number;
}

/** Per instance: a breaker per provider and host, a bulkhead per provider, a pool per origin. */
@Injectable()
export class CrmCallPolicies implements OnApplicationShutdown {
  private readonly logger = new Logger('CrmCalls');
  private readonly bulkheads = new Map<string, CrmBulkhead>();
  private readonly policies = new Map<string, CrmCallPolicy>();
  private readonly agents = new Map<string, Agent>();

  constructor(
    @Inject(crmConfig.KEY) private readonly config: CrmConfig,
    registry: CrmRegistry,
    private readonly metrics: MetricsService,
  ) {
    for (const provider of registry.all()) this.settingsOf(provider);
  }

  /** The policy and pool for calls from `provider` to `baseUrl` (API base or OAuth endpoint). */
  forTarget(provider: CrmProvider, baseUrl: string): { policy: CrmCallPolicy; dispatcher: Agent } {
    const settings = this.settingsOf(provider);
    const origin = new URL(baseUrl).origin;
    const hostKey = `${provider.platform} ${origin}`;
    let policy = this.policies.get(hostKey);
    if (!policy) {
      policy = new CrmCallPolicy(
        settings,
        this.breakerFor(hostKey, settings),
        this.bulkheadFor(provider, settings),
        undefined,
        this.metrics.crmCallObserver(provider.platform),
      );
      this.policies.set(hostKey, policy);
    }
    const agentKey = `${origin} ${settings.connectTimeoutMs}`;
    let dispatcher = this.agents.get(agentKey);
    if (!dispatcher) {
      dispatcher = new Agent({ connect: { timeout: settings.connectTimeoutMs } });
      this.agents.set(agentKey, dispatcher);
    }
    return { policy, dispatcher };
  }

  async onApplicationShutdown(): Promise<void> {
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(agents.map((agent) => agent.destroy().catch(() => undefined)));
  }

  private breakerFor(hostKey: string, settings: CrmHttpSettings): CircuitBreakerPolicy {
    const breaker = createCrmBreaker(settings.breakerThreshold, settings.breakerHalfOpenMs);
    breaker.onBreak(() =>
      this.logger.warn(
        `Circuit open for ${hostKey}: ${settings.breakerThreshold} failed attempts in a row; calls are refused for ${settings.breakerHalfOpenMs} ms`,
      ),
    );
    breaker.onReset(() => this.logger.log(`Circuit closed again for ${hostKey}`));
    return breaker;
  }

  private bulkheadFor(provider: CrmProvider, settings: CrmHttpSettings): CrmBulkhead {
    let bulkhead = this.bulkheads.get(provider.platform);
    if (!bulkhead) {
      bulkhead = createCrmBulkhead(settings.maxConcurrent, settings.maxQueued);
      bulkhead.onReject(() =>
        this.logger.warn(
          `Too many requests to ${provider.platform} in flight and waiting here: one refused (bulkhead full)`,
        ),
      );
      this.bulkheads.set(provider.platform, bulkhead);
    }
    return bulkhead;
  }

  private settingsOf(provider: CrmProvider): CrmHttpSettings {
    const declared: CrmHttpDeclaration = provider.http ?? {};
    const c = this.config;
    const settings: CrmHttpSettings = {
      connectTimeoutMs: declared.connectTimeoutMs ?? c.connectTimeoutMs,
      attemptTimeoutMs: declared.attemptTimeoutMs ?? c.attemptTimeoutMs,
      maxAttempts: declared.maxAttempts ?? c.maxAttempts,
      retryBaseDelayMs: c.retryBaseDelayMs,
      retryMaxDelayMs: c.retryMaxDelayMs,
      retryAfterCapSeconds: declared.retryAfterCapSeconds ?? c.retryAfterCapSeconds,
      maxConcurrent: declared.maxConcurrent ?? c.maxConcurrent,
      maxQueued: declared.maxQueued ?? c.maxQueued,
      breakerThreshold: declared.breaker?.threshold ?? c.breakerThreshold,
      breakerHalfOpenMs: declared.breaker?.halfOpenAfterMs ?? c.breakerHalfOpenMs,
    };
    const positive = [
      'connectTimeoutMs',
      'attemptTimeoutMs',
      'maxAttempts',
      'maxConcurrent',
      'breakerThreshold',
      'breakerHalfOpenMs',
    ] as const;
    const declaredName = (name: string) =>
      `http.${name === 'breakerThreshold' ? 'breaker.threshold' : name === 'breakerHalfOpenMs' ? 'breaker.halfOpenAfterMs' : name}`;
    for (const name of positive) {
      if (!(Number.isInteger(settings[name]) && settings[name] >= 1)) {
        throw new Error(
          `CRM provider ${provider.platform}: ${declaredName(name)} must be a positive integer`,
        );
      }
    }
    for (const name of ['maxQueued', 'retryAfterCapSeconds'] as const) {
      if (!(Number.isInteger(settings[name]) && settings[name] >= 0)) {
        throw new Error(
          `CRM provider ${provider.platform}: ${declaredName(name)} must be an integer >= 0`,
        );
      }
    }
    return settings;
  }
}
