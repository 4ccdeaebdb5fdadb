import { randomBytes, randomUUID } from 'node:crypto';
import { CredentialReencryptor } from '../../src/auth/credential-reencryptor.service.js';
import { CredentialVault } from '../../src/auth/credential-vault.service.js';
import { ManagedCredentialsEntity } from '../../src/auth/managed-credentials.entity.js';
import { ManagedCredentialsService } from '../../src/auth/managed-credentials.service.js';
import { ManagedOAuthAccountEntity } from '../../src/auth/managed-oauth-account.entity.js';
import { ManagedOAuthPendingEntity } from '../../src/auth/managed-oauth-pending.entity.js';
import { ManagedOAuthService } from '../../src/auth/managed-oauth.service.js';
import type { SecurityConfig } from '../../src/config/security.config.js';
import { UserEntity } from '../../src/users/user.entity.js';
import { testDatabaseKind } from '../support/test-database.js';
import {
  insertUser,
  startPersistence,
  type PersistenceHarness,
} from '../support/test-persistence.js';

const key = (id: string) => ({ id, key: randomBytes(32) });
const vaultWith = (...keys: { id: string; key: Buffer }[]) =>
  new CredentialVault({ encryptionKeys: keys } as SecurityConfig);

describe(`credential key rotation on ${testDatabaseKind()}`, () => {
  let h: PersistenceHarness;
  const oldKey = key('old');
  const newKey = key('new');
  const before = vaultWith(oldKey);
  const after = vaultWith(newKey, oldKey);

  beforeAll(async () => {
    h = await startPersistence();
  });
  afterAll(() => h.close());

  const userWithCredentials = async (
    values: Partial<Record<'apiKey' | 'accessToken' | 'refreshToken', string>>,
  ) => {
    const id = randomUUID();
    const encrypted = Object.fromEntries(
      Object.entries(values).map(([field, plain]) => [field, before.encrypt(plain, id, field)]),
    );
    return insertUser(h.dataSource, { id, authType: 'oauth', ...encrypted });
  };

  it('moves every stored credential under the current key, readable as before, and is idempotent', async () => {
    const a = await userWithCredentials({ accessToken: 'at-a', refreshToken: 'rt-a' });
    const b = await userWithCredentials({ apiKey: 'key-b' });
    const repo = h.dataSource.getRepository(UserEntity);
    const reencryptor = new CredentialReencryptor(repo, after);

    const report = await reencryptor.run(1);
    expect(report).toEqual({ users: 2, values: 3 });
    const rowA = await repo.findOneByOrFail({ id: a });
    const rowB = await repo.findOneByOrFail({ id: b });
    for (const value of [rowA.accessToken, rowA.refreshToken, rowB.apiKey])
      expect(value).toMatch(/^v1:new:/);
    expect(after.decrypt(rowA.accessToken!, a, 'accessToken')).toBe('at-a');
    expect(after.decrypt(rowA.refreshToken!, a, 'refreshToken')).toBe('rt-a');
    expect(after.decrypt(rowB.apiKey!, b, 'apiKey')).toBe('key-b');
    // The old key alone can no longer read them: the old key can now be dropped from the config.
    expect(() => vaultWith(oldKey).decrypt(rowB.apiKey!, b, 'apiKey')).toThrow(
      'no key with id new',
    );

    expect(await reencryptor.run()).toEqual({ users: 0, values: 0 });
  });

  it('moves the managed credentials too', async () => {
    const repo = h.dataSource.getRepository(ManagedCredentialsEntity);
    await new ManagedCredentialsService(repo, before).change('acct-hash', 'crm', {
      values: { apiKey: 'managed-key' },
      remove: [],
    });
    const managed = new ManagedCredentialsService(repo, after);
    expect(await managed.reencrypt()).toBe(1);
    const [row] = await repo.find();
    expect(row.sealed).toMatch(/^v1:new:/);
    expect((await managed.read('acct-hash', 'crm')).org).toEqual({ apiKey: 'managed-key' });
    expect(await managed.reencrypt()).toBe(0);
  });

  it('moves the managed OAuth clients, completed and pending, too', async () => {
    const store = (vault: CredentialVault) =>
      new ManagedOAuthService(
        h.dataSource.getRepository(ManagedOAuthAccountEntity),
        h.dataSource.getRepository(ManagedOAuthPendingEntity),
        vault,
      );
    const values = {
      clientId: 'acme',
      clientSecret: 'acme-secret',
      accessTokenUri: 'https://crm.example.com/token',
      authorizationUri: 'https://crm.example.com/auth',
    };
    await store(before).cachePending('acct-a', values);
    expect(await store(before).promote('acct-a', 'crm', 'acme')).toBe(true);
    await store(before).cachePending('acct-b', { ...values, clientId: 'beta' });
    const rotated = store(after);
    expect(await rotated.reencrypt()).toBe(2);
    const sealed = [
      ...(await h.dataSource.getRepository(ManagedOAuthAccountEntity).find()),
      ...(await h.dataSource.getRepository(ManagedOAuthPendingEntity).find()),
    ].map((row) => row.sealed);
    expect(sealed).toEqual([expect.stringMatching(/^v1:new:/), expect.stringMatching(/^v1:new:/)]);
    expect(await rotated.account('acct-a', 'crm')).toEqual(values);
    expect((await rotated.pending('acct-b'))?.clientId).toBe('beta');
    expect(await rotated.reencrypt()).toBe(0);
  });
});
