import { crmConfig } from '../config/crm.config.js';
import { metricsConfig } from '../config/metrics.config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { CrmCallPolicies } from './crm-call-policies.service.js';
import type { CrmHttpDeclaration, CrmProvider } from './crm-provider.js';
import type { CrmRegistry } from './crm-registry.service.js';

const provider = (platform: string, http?: CrmHttpDeclaration) =>
  ({ platform, displayName: platform, http }) as unknown as CrmProvider;
const policiesFor = (...providers: CrmProvider[]) =>
  new CrmCallPolicies(
    crmConfig.read({ CRM_MAX_ATTEMPTS: '4' }),
    { all: () => providers } as unknown as CrmRegistry,
    new MetricsService(metricsConfig.read({ METRICS_ENABLED: 'false' })),
  );

describe('CrmCallPolicies', () => {
  it('gives a provider its declaration over the configuration', async () => {
    const declared = provider('acme', { maxAttempts: 2, breaker: { threshold: 9 } });
    const policies = policiesFor(declared, provider('plain'));
    try {
      expect(policies.forTarget(declared, 'https://api.acme.test/v1').policy.settings).toEqual(
        expect.objectContaining({ maxAttempts: 2, attemptTimeoutMs: 10000 }),
      );
      expect(
        policies.forTarget(provider('plain'), 'https://plain.test').policy.settings.maxAttempts,
      ).toBe(4);
    } finally {
      await policies.onApplicationShutdown();
    }
  });

  it('shares a breaker per provider and host, a bulkhead per provider, a pool per origin', async () => {
    const acme = provider('acme');
    const policies = policiesFor(acme, provider('other'));
    try {
      const eu = policies.forTarget(acme, 'https://eu.acme.test/api');
      const euAgain = policies.forTarget(acme, 'https://eu.acme.test/other');
      const us = policies.forTarget(acme, 'https://us.acme.test/api');
      const other = policies.forTarget(provider('other'), 'https://eu.acme.test/api');
      expect(euAgain.policy).toBe(eu.policy);
      expect(euAgain.dispatcher).toBe(eu.dispatcher);
      expect(us.policy.breaker).not.toBe(eu.policy.breaker);
      expect(us.policy.bulkhead).toBe(eu.policy.bulkhead);
      expect(us.dispatcher).not.toBe(eu.dispatcher);
      expect(other.policy.bulkhead).not.toBe(eu.policy.bulkhead);
      expect(other.dispatcher).toBe(eu.dispatcher);
    } finally {
      await policies.onApplicationShutdown();
    }
  });

  it.each([
    [{ maxAttempts: 0 }, 'CRM provider bad: http.maxAttempts must be a positive integer'],
    [{ breaker: { threshold: 1.5 } }, 'http.breaker.threshold must be a positive integer'],
    [{ maxQueued: -1 }, 'http.maxQueued must be an integer >= 0'],
  ])('refuses a bad declaration at start-up (%j)', (http, message) => {
    expect(() => policiesFor(provider('bad', http))).toThrow(message);
  });
});
