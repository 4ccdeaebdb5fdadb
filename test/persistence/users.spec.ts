import { randomBytes } from 'node:crypto';
import { UserEntity } from '../../src/users/user.entity.js';
import { UsersService, type LoginIdentity } from '../../src/users/users.service.js';
import { testDatabaseKind } from '../support/test-database.js';
import { startPersistence, type PersistenceHarness } from '../support/test-persistence.js';

describe(`users on ${testDatabaseKind()}`, () => {
  let h: PersistenceHarness;
  let users: UsersService;

  const identity = (crmUserId: string, overrides: Partial<LoginIdentity> = {}): LoginIdentity => ({
    platform: 'sample-crm',
    hostname: '',
    crmUserId,
    name: `User ${crmUserId}`,
    timezone: 'Europe/London',
    authType: 'apiKey',
    ...overrides,
  });
  const secret = () => `cipher-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    h = await startPersistence([UsersService]);
    users = h.module.get(UsersService);
  });
  afterAll(() => h.close());

  it('creates a user on first login and updates the same row later', async () => {
    const created = await users.saveLogin(identity('u1'), () => ({ apiKey: secret() }));
    expect(created).toMatchObject({
      crmUserId: 'u1',
      tokenVersion: 1,
      settings: {},
      timezone: 'Europe/London',
    });
    const updated = await users.saveLogin(
      identity('u1', { name: 'Renamed', timezone: undefined }),
      () => ({ apiKey: 'new-cipher' }),
    );
    expect(updated.id).toBe(created.id);
    expect(updated).toMatchObject({
      name: 'Renamed',
      apiKey: 'new-cipher',
      timezone: 'Europe/London',
    });
  });

  it('passes the user id to the encryption callback (the vault binds values to it)', async () => {
    let seen = '';
    const user = await users.saveLogin(identity('u2'), (id) => {
      seen = id;
      return { apiKey: secret() };
    });
    expect(seen).toBe(user.id);
  });

  it('keeps one row per identity when first logins race', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        users.saveLogin(identity('u-race'), () => ({ apiKey: secret() })),
      ),
    );
    expect(new Set(results.map((u) => u.id)).size).toBe(1);
    expect(await h.dataSource.getRepository(UserEntity).countBy({ crmUserId: 'u-race' })).toBe(1);
  });

  it('keeps identities apart by platform and hostname', async () => {
    const a = await users.saveLogin(identity('same'), () => ({}));
    const b = await users.saveLogin(identity('same', { hostname: 'acme.example' }), () => ({}));
    const c = await users.saveLogin(identity('same', { platform: 'other-crm' }), () => ({}));
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
  });

  it('signs out: clears every credential and bumps the token version', async () => {
    const user = await users.saveLogin(identity('u3'), () => ({
      apiKey: secret(),
      extraCredentials: secret(),
    }));
    await users.signOut(user.id);
    const after = await users.findById(user.id);
    expect(after).toMatchObject({
      apiKey: null,
      accessToken: null,
      refreshToken: null,
      extraCredentials: null,
      tokenVersion: 2,
    });
    expect(after?.connected).toBe(false);
    const back = await users.saveLogin(identity('u3'), () => ({ apiKey: secret() }));
    expect(back.tokenVersion).toBe(2);
  });

  it('round-trips settings JSON and dates', async () => {
    const user = await users.saveLogin(identity('u4'), () => ({
      tokenExpiresAt: new Date('2030-01-02T03:04:05.678Z'),
    }));
    await h.dataSource
      .getRepository(UserEntity)
      .update({ id: user.id }, { settings: { autoLogCall: { value: true } } });
    const read = await users.findById(user.id);
    expect(read?.settings).toEqual({ autoLogCall: { value: true } });
    expect(read?.tokenExpiresAt?.toISOString()).toBe('2030-01-02T03:04:05.678Z');
  });
});
