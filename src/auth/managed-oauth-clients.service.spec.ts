import { createMock } from '@golevelup/ts-jest';
import { jest } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { crmHostsConfig } from '../config/crm-hosts.config.js';
import { oauthConfig } from '../config/oauth.config.js';
import { CrmError } from '../crm/crm-error.js';
import type { CrmProvider } from '../crm/crm-provider.js';
import { CrmRegistry } from '../crm/crm-registry.service.js';
import { HostRuleError } from '../crm/hosts/client-host-rule.js';
import { CrmHostPolicy } from '../crm/hosts/crm-host-policy.service.js';
import type { UserEntity } from '../users/user.entity.js';
import { ManagedOAuthClients } from './managed-oauth-clients.service.js';
import type { ManagedOAuthValues } from './managed-oauth-values.js';
import { ManagedOAuthService } from './managed-oauth.service.js';

const platformOAuth = {
  authorizationUrl: 'https://crm.example.com/auth',
  tokenUrl: 'https://crm.example.com/token',
  revocationUrl: 'https://crm.example.com/revoke',
  scopes: ['a', 'b'],
  pkce: true,
  clientId: 'platform',
  clientSecret: 'platform-secret',
  authorizationParams: { prompt: 'consent' },
};
const provider = {
  platform: 'crm',
  displayName: 'CRM',
  auth: { type: 'oauth', oauth: platformOAuth },
} as unknown as CrmProvider;
const account: ManagedOAuthValues = {
  clientId: 'acme',
  clientSecret: 'acme-secret',
  accessTokenUri: 'https://tenant.crm.example.com/token',
  authorizationUri: 'https://tenant.crm.example.com/auth',
  scopes: 'x y',
};
const pending: ManagedOAuthValues = { ...account, clientId: 'acme-2', scopes: undefined };

describe('ManagedOAuthClients', () => {
  let clients: ManagedOAuthClients;
  let store: jest.Mocked<ManagedOAuthService>;
  let hosts: jest.Mocked<CrmHostPolicy>;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [
        ManagedOAuthClients,
        { provide: oauthConfig.KEY, useValue: { redirectUris: ['https://app.example/r'] } },
        { provide: crmHostsConfig.KEY, useValue: { allowPrivateHosts: false } },
      ],
    })
      .useMocker(() => createMock())
      .compile();
    clients = moduleRef.get(ManagedOAuthClients);
    store = moduleRef.get(ManagedOAuthService);
    hosts = moduleRef.get(CrmHostPolicy);
    moduleRef.get<jest.Mocked<CrmRegistry>>(CrmRegistry).all.mockReturnValue([provider]);
    store.account.mockResolvedValue(undefined);
    store.pending.mockResolvedValue(undefined);
    hosts.checkSecretTarget.mockResolvedValue(undefined);
  });

  it('at the start: the account client first, pending values only for an admin and on this platform’s hosts', async () => {
    expect(await clients.forStart(provider, 'k', true)).toBeUndefined();
    store.pending.mockResolvedValue(pending);
    expect(await clients.forStart(provider, 'k', false)).toBeUndefined();
    expect(await clients.forStart(provider, 'k', true)).toMatchObject({
      source: 'pending',
      oauth: { clientId: 'acme-2', scopes: ['a', 'b'] },
    });
    hosts.checkSecretTarget.mockRejectedValueOnce(new HostRuleError('not a CRM host'));
    expect(await clients.forStart(provider, 'k', true)).toBeUndefined();
    store.account.mockResolvedValue(account);
    expect(await clients.forStart(provider, 'k', false)).toMatchObject({ source: 'account' });
    hosts.checkSecretTarget.mockRejectedValueOnce(new HostRuleError('not a CRM host'));
    await expect(clients.forStart(provider, 'k', false)).rejects.toThrow('not a CRM host');
  });

  it('replaces client, endpoints and scopes; keeps PKCE and authorize parameters; no revocation', async () => {
    store.account.mockResolvedValue(account);
    const managed = await clients.forStart(provider, 'k', false);
    expect(managed?.oauth).toEqual({
      authorizationUrl: account.authorizationUri,
      tokenUrl: account.accessTokenUri,
      scopes: ['x', 'y'],
      pkce: true,
      clientId: 'acme',
      clientSecret: 'acme-secret',
      authorizationParams: { prompt: 'consent' },
    });
    expect(hosts.checkSecretTarget).toHaveBeenCalledWith(
      provider,
      new URL(account.accessTokenUri),
      'the managed OAuth token URL',
    );
  });

  it('at the callback: only the client the sign-in started with', async () => {
    store.account.mockResolvedValue(account);
    expect(await clients.forCallback(provider, 'k', 'account', 'acme')).toBeDefined();
    expect(await clients.forCallback(provider, 'k', 'account', 'other')).toBeUndefined();
    expect(await clients.forCallback(provider, 'k', 'pending', 'acme')).toBeUndefined();
  });

  it('for a refresh: the grant client; removed or replaced is AUTH_EXPIRED, a platform user gets none', async () => {
    const user = { id: 'u', oauthAccountKey: 'k', oauthClientId: 'acme' } as UserEntity;
    expect(
      await clients.forUser(provider, { ...user, oauthAccountKey: null } as UserEntity),
    ).toBeUndefined();
    await expect(clients.forUser(provider, user)).rejects.toMatchObject({ code: 'AUTH_EXPIRED' });
    store.account.mockResolvedValue({ ...account, clientId: 'new' });
    await expect(clients.forUser(provider, user)).rejects.toBeInstanceOf(CrmError);
    store.account.mockResolvedValue(account);
    expect((await clients.forUser(provider, user))?.clientId).toBe('acme');
    hosts.checkSecretTarget.mockRejectedValue(new HostRuleError('not a CRM host'));
    await expect(clients.forUser(provider, user)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('checks an admin’s token URL against the OAuth platforms’ hosts', async () => {
    expect((await clients.check(account)).clientId).toBe('acme');
    hosts.checkSecretTarget.mockRejectedValue(new HostRuleError('no'));
    await expect(clients.check(account)).rejects.toThrow(
      'values.accessTokenUri tenant.crm.example.com is not a host of an OAuth CRM of this server',
    );
  });
});
