import { Logger } from '@nestjs/common';
import type { CrmHostsConfig } from '../../config/crm-hosts.config.js';
import { CrmError } from '../crm-error.js';
import type { CrmProvider } from '../crm-provider.js';
import { CrmRegistry } from '../crm-registry.service.js';
import { HostRuleError } from './client-host-rule.js';
import { CrmHostPolicy, declaredHosts } from './crm-host-policy.service.js';
import type { HostResolver } from './host-resolver.js';

const apiKeyAuth = {
  type: 'apiKey',
  placement: { in: 'header', name: 'X-API-Key' },
  page: { title: 'x', content: [] },
} as const;

const fixed = (overrides: Partial<CrmProvider> = {}) =>
  ({
    platform: 'fixed',
    displayName: 'Fixed CRM',
    auth: apiKeyAuth,
    apiBaseUrl: () => 'http://127.0.0.1:3100/api',
    ...overrides,
  }) as unknown as CrmProvider;

const dynamic = (overrides: Partial<CrmProvider> = {}) =>
  fixed({
    platform: 'dynamic',
    displayName: 'Dynamic CRM',
    manifest: { environment: { type: 'dynamic' } },
    allowedHosts: ['*.crm.test', 'eu.partner.test'],
    apiBaseUrl: (hostname: string) => `https://${hostname}/api`,
    ...overrides,
  });

const DNS: Record<string, string[]> = {
  'acme.crm.test': ['93.184.216.34'],
  'mixed.crm.test': ['93.184.216.34', '10.0.0.7'],
  'loop.crm.test': ['127.0.0.1'],
  'meta.crm.test': ['169.254.169.254'],
  'v6.crm.test': ['::1'],
  'ula.crm.test': ['fd00::1'],
};
const resolver = {
  resolve: async (name: string) => {
    if (!DNS[name]) throw new Error('ENOTFOUND');
    return DNS[name];
  },
} as HostResolver;

const policy = (providers: CrmProvider[], allowPrivateHosts = false) => {
  const hosts = new CrmHostPolicy(new CrmRegistry(providers), resolver, {
    allowPrivateHosts,
  } as CrmHostsConfig);
  hosts.onModuleInit();
  return hosts;
};

describe('CrmHostPolicy', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('derives a fixed-host provider\u2019s host from its API base URL', () => {
    expect(declaredHosts(fixed()).map((p) => p.text)).toEqual(['127.0.0.1:3100']);
  });

  it('refuses at start-up a dynamic-host provider without allowedHosts, and bad patterns', () => {
    expect(() => declaredHosts(dynamic({ allowedHosts: undefined }))).toThrow(
      'CRM provider dynamic: it takes the CRM hostname from the client',
    );
    expect(() => declaredHosts(dynamic({ allowedHosts: [] }))).toThrow('allowedHosts is empty');
    expect(() => declaredHosts(dynamic({ allowedHosts: ['*.com'] }))).toThrow('two labels');
  });

  it('refuses at start-up OAuth token or revocation URLs on undeclared hosts', () => {
    const oauth = (tokenUrl: string, revocationUrl?: string) =>
      fixed({
        auth: {
          type: 'oauth',
          oauth: {
            authorizationUrl: 'https://login.elsewhere.test/authorize',
            tokenUrl,
            revocationUrl,
            scopes: [],
            pkce: true,
            clientId: 'id',
            clientSecret: 'secret',
          },
        },
      });
    expect(() => declaredHosts(oauth('http://127.0.0.1:3100/oauth/token'))).not.toThrow();
    expect(() => declaredHosts(oauth('https://evil.test/token'))).toThrow(
      'the OAuth tokenUrl is not on a host in allowedHosts',
    );
    expect(() =>
      declaredHosts(oauth('http://127.0.0.1:3100/token', 'http://127.0.0.1:9999/revoke')),
    ).toThrow('the OAuth revocationUrl is not on a host in allowedHosts');
  });

  it('ignores the client hostname of a fixed-host provider', async () => {
    const p = fixed();
    await expect(policy([p]).clientHostname(p, 'evil.test')).resolves.toBe('');
  });

  it('accepts a dynamic hostname that matches and resolves to public addresses', async () => {
    const p = dynamic();
    await expect(policy([p]).clientHostname(p, 'ACME.crm.test')).resolves.toBe('acme.crm.test');
    // An exact declared host is the operator's choice: no DNS check (it need not even resolve).
    await expect(policy([p]).clientHostname(p, 'eu.partner.test')).resolves.toBe('eu.partner.test');
  });

  it.each([
    ['evil.test', 'is not a Dynamic CRM host'],
    ['crm.test', 'is not a Dynamic CRM host'],
    ['loop.crm.test', 'resolves to a private address'],
    ['mixed.crm.test', 'resolves to a private address'],
    ['meta.crm.test', 'resolves to a private address'],
    ['v6.crm.test', 'resolves to a private address'],
    ['ula.crm.test', 'resolves to a private address'],
    ['nowhere.crm.test', 'does not resolve'],
    ['127.0.0.1', 'not an IP address'],
  ])('refuses the dynamic hostname %s', async (hostname, message) => {
    const p = dynamic();
    const attempt = policy([p]).clientHostname(p, hostname);
    await expect(attempt).rejects.toThrow(HostRuleError);
    await expect(policy([p]).clientHostname(p, hostname)).rejects.toThrow(message);
  });

  it('lets private addresses through when ALLOW_PRIVATE_CRM_HOSTS is on', async () => {
    const p = dynamic();
    await expect(policy([p], true).clientHostname(p, 'loop.crm.test')).resolves.toBe(
      'loop.crm.test',
    );
    await expect(policy([p], true).clientHostname(p, 'evil.test')).rejects.toThrow('not a');
  });

  it('checks client URLs (apiUrl, tokenUrl) by the same rule', async () => {
    const p = dynamic();
    await expect(
      policy([p]).clientUrl(p, 'https://acme.crm.test/v2', 'apiUrl'),
    ).resolves.toBeInstanceOf(URL);
    await expect(policy([p]).clientUrl(p, 'http://acme.crm.test/v2', 'apiUrl')).rejects.toThrow(
      'apiUrl must be an https URL',
    );
    await expect(policy([p]).clientUrl(p, 'https://evil.test/', 'tokenUrl')).rejects.toThrow(
      'tokenUrl evil.test is not a Dynamic CRM host',
    );
  });

  it('holds a secret target (an admin\u2019s token URL) to the declared hosts, wildcards to public https', async () => {
    const hosts = policy([fixed(), dynamic()]);
    const check = (provider: CrmProvider, url: string) =>
      hosts.checkSecretTarget(provider, new URL(url), 'tokenUrl').then(
        () => 'ok',
        (error: Error) => (error instanceof HostRuleError ? error.message : 'other'),
      );
    expect(await check(fixed(), 'http://127.0.0.1:3100/oauth/token')).toBe('ok');
    expect(await check(fixed(), 'http://127.0.0.1:3101/oauth/token')).toBe(
      'tokenUrl 127.0.0.1:3101 is not a Fixed CRM host',
    );
    expect(await check(dynamic(), 'https://acme.crm.test/token')).toBe('ok');
    expect(await check(dynamic(), 'http://acme.crm.test/token')).toBe('tokenUrl must use https');
    expect(await check(dynamic(), 'https://meta.crm.test/token')).toBe(
      'tokenUrl meta.crm.test resolves to a private address',
    );
    expect(await check(dynamic(), 'https://evil.test/token')).toBe(
      'tokenUrl evil.test is not a Dynamic CRM host',
    );
  });

  describe('request guard (before credentials leave)', () => {
    it('lets declared hosts through', async () => {
      const p = fixed();
      const guard = policy([p]).requestGuard(p);
      await expect(guard(new URL('http://127.0.0.1:3100/api/me'))).resolves.toBeUndefined();
    });

    it.each([
      ['http://127.0.0.1:3101/api/me', 'not among'],
      ['http://evil.test/api', 'not among'],
    ])('refuses %s for a fixed-host provider', async (target, message) => {
      const p = fixed();
      const attempt = policy([p]).requestGuard(p)(new URL(target));
      await expect(attempt).rejects.toThrow(CrmError);
      await expect(policy([p]).requestGuard(p)(new URL(target))).rejects.toThrow(message);
    });

    it.each([
      ['http://acme.crm.test/api', 'must use https'],
      ['https://loop.crm.test/api', 'private address'],
      ['https://nowhere.crm.test/api', 'does not resolve'],
    ])('refuses %s for a client-chosen host', async (target, message) => {
      const p = dynamic();
      await expect(policy([p]).requestGuard(p)(new URL(target))).rejects.toThrow(message);
    });
  });
});
