import { createMock } from '@golevelup/ts-jest';
import { jest } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { crmConfig } from '../config/crm.config.js';
import { oauthConfig } from '../config/oauth.config.js';
import { CrmError } from '../crm/crm-error.js';
import type { CrmContext } from '../crm/crm-context.js';
import type { CrmProvider } from '../crm/crm-provider.js';
import { CrmRegistry } from '../crm/crm-registry.service.js';
import type { UserEntity } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { AuthService, type VerifiedLogin } from './auth.service.js';
import { CredentialVault } from './credential-vault.service.js';
import { CrmSessionService } from './crm-session.service.js';
import { SessionTokenService } from './session-token.service.js';

const saved = { id: 'u1', name: 'Alice', tokenVersion: 2 } as UserEntity;
const connected = { id: 'u1', connected: true, revokedAt: null } as unknown as UserEntity;

describe('AuthService', () => {
  let service: AuthService;
  let users: jest.Mocked<UsersService>;
  let vault: jest.Mocked<CredentialVault>;
  let tokens: jest.Mocked<SessionTokenService>;
  let provider: jest.Mocked<CrmProvider>;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [
        AuthService,
        { provide: crmConfig.KEY, useValue: { timeoutMs: 1000 } },
        { provide: oauthConfig.KEY, useValue: { refreshMarginSeconds: 60 } },
      ],
    })
      .useMocker(() => createMock())
      .compile();
    service = moduleRef.get(AuthService);
    users = moduleRef.get(UsersService);
    vault = moduleRef.get(CredentialVault);
    tokens = moduleRef.get(SessionTokenService);
    provider = createMock<CrmProvider>({
      platform: 'stub',
      displayName: 'Stub CRM',
      auth: { type: 'apiKey' } as CrmProvider['auth'],
    });
    const sessions: jest.Mocked<CrmSessionService> = moduleRef.get(CrmSessionService);
    moduleRef.get<jest.Mocked<CrmRegistry>>(CrmRegistry).get.mockReturnValue(provider);
    sessions.open.mockReturnValue({ provider, ctx: {} as CrmContext } as never);
    vault.encrypt.mockImplementation((text, owner, field) => `enc(${text},${owner},${field})`);
    users.saveLogin.mockResolvedValue(saved);
    tokens.issue.mockReturnValue('jwt');
  });

  describe('completeLogin', () => {
    const login = (credentials: VerifiedLogin['credentials']): VerifiedLogin => ({
      provider,
      hostname: 'crm.example',
      crmUser: { id: '42', name: 'Alice', timezone: 'Europe/Paris' },
      credentials,
    });

    it('stores each credential encrypted for the user and field, and issues the session token', async () => {
      const reply = await service.completeLogin(
        login({ accessToken: 'at', refreshToken: 'rt', expiresIn: 3600, extra: { region: 'eu' } }),
      );
      expect(reply).toMatchObject({ successful: true, jwtToken: 'jwt', name: 'Alice' });
      const [identity, encrypt] = users.saveLogin.mock.calls[0]!;
      expect(identity).toEqual({
        platform: 'stub',
        hostname: 'crm.example',
        crmUserId: '42',
        name: 'Alice',
        timezone: 'Europe/Paris',
        authType: 'apiKey',
      });
      const stored = encrypt('u1');
      expect(stored).toMatchObject({
        apiKey: null,
        accessToken: 'enc(at,u1,accessToken)',
        refreshToken: 'enc(rt,u1,refreshToken)',
        extraCredentials: 'enc({"region":"eu"},u1,extraCredentials)',
      });
      expect(stored.tokenRefreshAt!.getTime()).toBeLessThan(stored.tokenExpiresAt!.getTime());
      expect(tokens.issue).toHaveBeenCalledWith(saved);
    });

    it('stores no token times and no extra fields for an API key login', async () => {
      await service.completeLogin(login({ apiKey: 'key', extra: {} }));
      const stored = users.saveLogin.mock.calls[0]![1]('u1');
      expect(stored).toMatchObject({
        apiKey: 'enc(key,u1,apiKey)',
        accessToken: null,
        extraCredentials: null,
        tokenExpiresAt: null,
        tokenRefreshAt: null,
      });
    });
  });

  describe('logout', () => {
    it('logs out at the CRM, then signs the user out everywhere', async () => {
      const reply = await service.logout(connected);
      expect(provider.logout).toHaveBeenCalled();
      expect(users.signOut).toHaveBeenCalledWith('u1');
      expect(reply.returnMessage).toMatchObject({
        messageType: 'success',
        message: 'Logged out of Stub CRM.',
      });
    });

    it('still deletes the credentials when the CRM cannot revoke, and says so', async () => {
      jest.mocked(provider.logout!).mockRejectedValue(new CrmError('UNAVAILABLE', 'down'));
      const reply = await service.logout(connected);
      expect(users.signOut).toHaveBeenCalledWith('u1');
      expect(reply).toMatchObject({ successful: true });
      expect(reply.returnMessage).toMatchObject({ messageType: 'warning' });
      expect(reply.returnMessage?.message).toMatch(/could not revoke/);
    });

    it('does not call a CRM whose grant is already revoked', async () => {
      await service.logout({ ...connected, revokedAt: new Date() } as UserEntity);
      expect(provider.logout).not.toHaveBeenCalled();
      expect(users.signOut).toHaveBeenCalledWith('u1');
    });

    it('treats an OAuth provider without a revocation endpoint as revoked, calling nothing', async () => {
      Object.assign(provider, { auth: { type: 'oauth', oauth: {} } });
      const reply = await service.logout(connected);
      expect(vault.decrypt).not.toHaveBeenCalled();
      expect(provider.logout).not.toHaveBeenCalled();
      expect(reply.returnMessage?.message).toBe('Logged out of Stub CRM.');
    });
  });

  describe('validate', () => {
    it('is valid when the CRM answers for the user', async () => {
      provider.getUserInfo.mockResolvedValue({ id: '42', name: 'Alice' });
      await expect(service.validate(connected)).resolves.toEqual({ successful: true });
    });

    it('asks to connect again only when the CRM session expired', async () => {
      provider.getUserInfo.mockRejectedValue(new CrmError('AUTH_EXPIRED', 'expired'));
      const reply = await service.validate(connected);
      expect(reply).toMatchObject({ successful: false });
      expect(reply.returnMessage?.message).toMatch(/session has expired/);
    });

    it('keeps a good login through a CRM hiccup', async () => {
      provider.getUserInfo.mockRejectedValue(new CrmError('UNAVAILABLE', 'down'));
      await expect(service.validate(connected)).resolves.toEqual({
        successful: true,
        validated: false,
      });
    });

    it('lets a revoked session and non-CRM failures through as errors', async () => {
      provider.getUserInfo.mockRejectedValueOnce(new CrmError('SESSION_REVOKED', 'revoked'));
      await expect(service.validate(connected)).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
      provider.getUserInfo.mockRejectedValueOnce(new TypeError('bug'));
      await expect(service.validate(connected)).rejects.toThrow(TypeError);
    });
  });
});
