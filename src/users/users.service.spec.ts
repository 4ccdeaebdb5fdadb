import { createMock } from '@golevelup/ts-jest';
import { jest } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { getRepositoryToken } from '@nestjs/typeorm';
import { QueryFailedError, type Repository } from 'typeorm';
import { cacheConfig } from '../config/cache.config.js';
import { InvalidationBus } from '../redis/invalidation-bus.js';
import type { RedisConfig } from '../config/redis.config.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { UserEntity } from './user.entity.js';
import { UsersService, type LoginIdentity } from './users.service.js';

const identity: LoginIdentity = {
  platform: 'sample-crm',
  hostname: 'crm.example',
  crmUserId: '42',
  name: 'Alice',
  authType: 'apiKey',
};
const stored = (over: Partial<UserEntity> = {}) =>
  ({ id: 'u1', ...identity, timezone: 'Europe/Paris', tokenVersion: 3, ...over }) as UserEntity;
const uniqueViolation = () =>
  new QueryFailedError('INSERT', [], Object.assign(new Error('dup'), { code: 'ER_DUP_ENTRY' }));

describe('UsersService', () => {
  let service: UsersService;
  let repo: jest.Mocked<Repository<UserEntity>>;

  beforeEach(async () => {
    // A local (Redis-less) bus is always live, so the session cache keeps rows until told.
    const bus = await InvalidationBus.open(
      {} as RedisConfig,
      {
        client: undefined,
      } as unknown as RedisConnection,
    );
    const moduleRef = await Test.createTestingModule({
      providers: [
        UsersService,
        { provide: InvalidationBus, useValue: bus },
        { provide: cacheConfig.KEY, useValue: { userTtlMs: 60_000, maxEntries: 10 } },
      ],
    })
      .useMocker(() => createMock())
      .compile();
    service = moduleRef.get(UsersService);
    repo = moduleRef.get(getRepositoryToken(UserEntity));
    repo.create.mockImplementation(((row: UserEntity) => row) as never);
    repo.save.mockImplementation((async (row: UserEntity) => row) as never);
  });

  describe('saveLogin', () => {
    it('creates a first login with token version 1, encrypting for the new id', async () => {
      repo.findOneBy.mockResolvedValue(null);
      const encrypt = jest.fn((userId: string) => ({ apiKey: `enc:${userId}` }));
      const user = await service.saveLogin(identity, encrypt);
      expect(encrypt).toHaveBeenCalledWith(user.id);
      expect(user).toMatchObject({
        ...identity,
        apiKey: `enc:${user.id}`,
        tokenVersion: 1,
        revokedAt: null,
        timezone: null,
        settings: {},
      });
      expect(repo.update).not.toHaveBeenCalled();
    });

    it('updates a returning login: clears old credentials and the revocation, keeps its timezone, forgets the cached row', async () => {
      const existing = stored({ revokedAt: new Date() });
      repo.findOneBy.mockResolvedValue(existing);
      await service.findForSession('u1'); // cached
      repo.findOneByOrFail.mockResolvedValue(stored({ name: 'Alice' }));
      await service.saveLogin(identity, (userId) => ({ accessToken: `enc:${userId}` }));
      expect(repo.update).toHaveBeenCalledWith(
        { id: 'u1' },
        expect.objectContaining({
          revokedAt: null,
          timezone: 'Europe/Paris',
          apiKey: null,
          refreshToken: null,
          extraCredentials: null,
          accessToken: 'enc:u1',
        }),
      );
      expect(repo.save).not.toHaveBeenCalled();
      repo.findOneBy.mockClear();
      await service.findForSession('u1');
      expect(repo.findOneBy).toHaveBeenCalledTimes(1);
    });

    it('updates the winner’s row when a concurrent first login of the same identity inserted first', async () => {
      repo.findOneBy.mockResolvedValueOnce(null).mockResolvedValueOnce(stored());
      repo.save.mockRejectedValueOnce(uniqueViolation());
      repo.findOneByOrFail.mockResolvedValue(stored());
      const user = await service.saveLogin(identity, () => ({}));
      expect(user.id).toBe('u1');
      expect(repo.update).toHaveBeenCalledWith({ id: 'u1' }, expect.anything());
    });

    it('rethrows any other database error, and gives up after three unique violations', async () => {
      repo.findOneBy.mockResolvedValue(null);
      repo.save.mockRejectedValueOnce(new Error('disk full'));
      await expect(service.saveLogin(identity, () => ({}))).rejects.toThrow('disk full');
      repo.save.mockRejectedValue(uniqueViolation());
      await expect(service.saveLogin(identity, () => ({}))).rejects.toThrow(/repeated/);
      expect(repo.save).toHaveBeenCalledTimes(4);
    });
  });

  describe('the session cache', () => {
    it('serves a session from the cache until a write through the service forgets it', async () => {
      repo.findOneBy.mockResolvedValue(stored());
      await service.findForSession('u1');
      await service.findForSession('u1');
      expect(repo.findOneBy).toHaveBeenCalledTimes(1);
      repo.update.mockResolvedValueOnce({ affected: 1 } as never);
      await service.updateTokens('u1', stored(), {
        accessToken: 'enc',
        refreshToken: null,
        tokenExpiresAt: null,
        tokenRefreshAt: null,
      });
      await service.findForSession('u1');
      expect(repo.findOneBy).toHaveBeenCalledTimes(2);
    });

    it('updateProfile stores the name and time zone and forgets the row', async () => {
      repo.findOneBy.mockResolvedValue(stored());
      await service.findForSession('u1');
      await service.updateProfile('u1', { name: 'Alice B', timezone: 'Asia/Tokyo' });
      expect(repo.update).toHaveBeenCalledWith(
        { id: 'u1' },
        { name: 'Alice B', timezone: 'Asia/Tokyo' },
      );
      await service.findForSession('u1');
      expect(repo.findOneBy).toHaveBeenCalledTimes(2);
    });

    it('replaceSettings writes only at the expected version, and forgets the row when it wrote', async () => {
      repo.findOneBy.mockResolvedValue(stored());
      await service.findForSession('u1');
      repo.update.mockResolvedValueOnce({ affected: 0 } as never);
      expect(await service.replaceSettings('u1', 4, { a: {} })).toBe(false);
      await service.findForSession('u1');
      expect(repo.findOneBy).toHaveBeenCalledTimes(1);
      repo.update.mockResolvedValueOnce({ affected: 1 } as never);
      expect(await service.replaceSettings('u1', 4, { a: {} })).toBe(true);
      expect(repo.update).toHaveBeenLastCalledWith(
        { id: 'u1', settingsVersion: 4 },
        { settings: { a: {} }, settingsVersion: 5 },
      );
      await service.findForSession('u1');
      expect(repo.findOneBy).toHaveBeenCalledTimes(2);
    });

    it('markRevoked deletes the tokens, stamps the revocation and forgets the row', async () => {
      repo.findOneBy.mockResolvedValue(stored());
      await service.findForSession('u1');
      await service.markRevoked('u1');
      expect(repo.update).toHaveBeenCalledWith(
        { id: 'u1' },
        {
          accessToken: null,
          refreshToken: null,
          tokenExpiresAt: null,
          tokenRefreshAt: null,
          revokedAt: expect.any(Date),
        },
      );
      await service.findForSession('u1');
      expect(repo.findOneBy).toHaveBeenCalledTimes(2);
    });
  });

  describe('signOut', () => {
    it('deletes every credential, bumps the token version in SQL and forgets the cached row', async () => {
      const qb = {
        update: jest.fn().mockReturnThis(),
        set: jest.fn().mockReturnThis(),
        where: jest.fn().mockReturnThis(),
        execute: jest.fn(async () => ({})),
      };
      repo.createQueryBuilder.mockReturnValue(qb as never);
      repo.findOneBy.mockResolvedValue(stored());
      await service.findForSession('u1');

      await service.signOut('u1');

      const set = qb.set.mock.calls[0]![0] as Record<string, unknown>;
      expect(set).toMatchObject({
        apiKey: null,
        accessToken: null,
        refreshToken: null,
        extraCredentials: null,
        tokenExpiresAt: null,
        tokenRefreshAt: null,
      });
      // Incremented by the database, so two concurrent logouts both count.
      expect((set.tokenVersion as () => string)()).toBe('token_version + 1');
      expect(qb.where).toHaveBeenCalledWith('id = :id', { id: 'u1' });
      expect(qb.execute).toHaveBeenCalled();
      await service.findForSession('u1');
      expect(repo.findOneBy).toHaveBeenCalledTimes(2);
    });
  });
});
