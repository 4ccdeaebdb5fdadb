import { createMock } from '@golevelup/ts-jest';
import { jest } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { getRepositoryToken } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CredentialVault } from './credential-vault.service.js';
import { ManagedOAuthAccountEntity } from './managed-oauth-account.entity.js';
import { ManagedOAuthPendingEntity } from './managed-oauth-pending.entity.js';
import type { ManagedOAuthValues } from './managed-oauth-values.js';
import { ManagedOAuthService, PENDING_TTL_MS } from './managed-oauth.service.js';

const values: ManagedOAuthValues = {
  clientId: 'acme',
  clientSecret: 'secret',
  accessTokenUri: 'https://crm.example.com/token',
  authorizationUri: 'https://crm.example.com/auth',
};
const sealed = (v: ManagedOAuthValues, owner: string) => `sealed(${owner}|${JSON.stringify(v)})`;

describe('ManagedOAuthService', () => {
  let service: ManagedOAuthService;
  let accounts: jest.Mocked<Repository<ManagedOAuthAccountEntity>>;
  let pendings: jest.Mocked<Repository<ManagedOAuthPendingEntity>>;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [
        ManagedOAuthService,
        { provide: getRepositoryToken(ManagedOAuthAccountEntity), useValue: createMock() },
        { provide: getRepositoryToken(ManagedOAuthPendingEntity), useValue: createMock() },
      ],
    })
      .useMocker(() => createMock())
      .compile();
    service = moduleRef.get(ManagedOAuthService);
    accounts = moduleRef.get(getRepositoryToken(ManagedOAuthAccountEntity));
    pendings = moduleRef.get(getRepositoryToken(ManagedOAuthPendingEntity));
    const vault: jest.Mocked<CredentialVault> = moduleRef.get(CredentialVault);
    vault.encrypt.mockImplementation((text, owner) => `sealed(${owner}|${text})`);
    vault.decrypt.mockImplementation((text, owner) => {
      const [prefix, json] = text.slice('sealed('.length, -1).split('|');
      if (prefix !== owner) throw new Error('wrong owner');
      return json;
    });
    accounts.findOneBy.mockResolvedValue(null);
    pendings.findOneBy.mockResolvedValue(null);
  });

  const pendingRow = (expiresAt: Date, v = values) =>
    ({ accountKey: 'k', sealed: sealed(v, 'managed-oauth-pending:k'), expiresAt }) as never;

  it('state: completed values without the secret for anyone; pending ones only for an admin', async () => {
    pendings.findOneBy.mockResolvedValue(pendingRow(new Date(Date.now() + 1000)));
    expect(await service.state('k', 'crm', false)).toEqual({
      isAdmin: false,
      hasAccountOAuth: false,
      hasPendingOAuth: false,
    });
    const { clientSecret: _secret, ...visible } = values;
    expect(await service.state('k', 'crm', true)).toEqual({
      isAdmin: true,
      hasAccountOAuth: false,
      hasPendingOAuth: true,
      pendingValues: visible,
    });
    accounts.findOneBy.mockResolvedValue({
      sealed: sealed(values, 'managed-oauth:k:crm'),
    } as never);
    expect(await service.state('k', 'crm', true)).toEqual({
      isAdmin: true,
      hasAccountOAuth: true,
      hasPendingOAuth: false,
      oauthValues: visible,
    });
  });

  it('expired pending values are gone (and deleted)', async () => {
    pendings.findOneBy.mockResolvedValue(pendingRow(new Date(Date.now() - 1)));
    expect(await service.pending('k')).toBeUndefined();
    expect(pendings.delete).toHaveBeenCalled();
  });

  it('caches for 24 hours: an update, else an insert', async () => {
    pendings.update.mockResolvedValue({ affected: 0 } as never);
    await service.cachePending('k', values);
    const row = pendings.insert.mock.calls[0][0] as { sealed: string; expiresAt: Date };
    expect(row.sealed).toBe(sealed(values, 'managed-oauth-pending:k'));
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(PENDING_TTL_MS - 5000);
    pendings.update.mockResolvedValue({ affected: 1 } as never);
    pendings.insert.mockClear();
    await service.cachePending('k', values);
    expect(pendings.insert).not.toHaveBeenCalled();
  });

  it('promotes pending values sealed for the platform, only while the client id is unchanged', async () => {
    pendings.findOneBy.mockResolvedValue(pendingRow(new Date(Date.now() + 1000)));
    expect(await service.promote('k', 'crm', 'other')).toBe(false);
    expect(accounts.insert).not.toHaveBeenCalled();
    accounts.update.mockResolvedValue({ affected: 0 } as never);
    expect(await service.promote('k', 'crm', 'acme')).toBe(true);
    expect(accounts.insert).toHaveBeenCalledWith({
      accountKey: 'k',
      platform: 'crm',
      sealed: sealed(values, 'managed-oauth:k:crm'),
    });
    expect(pendings.delete).toHaveBeenCalledWith({ accountKey: 'k' });
  });

  it('reset removes the platform client and the pending values', async () => {
    await service.reset('k', 'crm');
    expect(accounts.delete).toHaveBeenCalledWith({ accountKey: 'k', platform: 'crm' });
    expect(pendings.delete).toHaveBeenCalledWith({ accountKey: 'k' });
  });
});
