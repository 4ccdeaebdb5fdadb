import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ManagedOAuthClients } from '../../src/auth/managed-oauth-clients.service.js';
import { CredentialVault } from '../../src/auth/credential-vault.service.js';
import { NamedClaimEntity } from '../../src/database/claims/named-claim.entity.js';
import { NamedClaims } from '../../src/database/claims/named-claims.service.js';
import { OAuthStrategies } from '../../src/auth/oauth/oauth-strategies.service.js';
import { TokenRefresher } from '../../src/auth/token-refresher.service.js';
import type { CrmCallPolicies } from '../../src/crm/crm-call-policies.service.js';
import { standaloneCrmCallPolicy } from '../../src/crm/crm-call-policy.js';
import { CrmError } from '../../src/crm/crm-error.js';
import type { CrmProvider } from '../../src/crm/crm-provider.js';
import { MetricsService } from '../../src/metrics/metrics.service.js';
import { UsersService } from '../../src/users/users.service.js';
import { testDatabaseKind } from '../support/test-database.js';
import {
  insertUser,
  startPersistence,
  type PersistenceHarness,
} from '../support/test-persistence.js';

type TokenAnswer = (refreshToken: string) => Promise<{
  error?: { statusCode: number; data: string; headers?: Record<string, string> };
  tokens?: [string, string, number];
}>;

/**
 * The refresh logic against a real database; only the CRM's token endpoint is scripted (the edge),
 * so the races can be staged exactly: another instance rotating mid-request, a dead claim holder.
 */
describe(`token refresh across instances on ${testDatabaseKind()}`, () => {
  let h: PersistenceHarness;
  let vault: CredentialVault;
  let users: UsersService;
  let answer: TokenAnswer;
  let tokenCalls: string[];
  const provider = {
    platform: 'sample-crm',
    displayName: 'Sample CRM',
    auth: { type: 'oauth' },
  } as unknown as CrmProvider;

  /** The CRM's token endpoint: a real HTTP server answering as `answer` scripts. */
  let tokenServer: Server;
  let tokenUrl: string;
  const strategies = {
    get: () => ({ oauth: { tokenUrl, clientId: 'client', clientSecret: 'secret' } }),
  } as unknown as OAuthStrategies;
  /** The server's call policy, without backoff delays; the breaker and bulkhead are its own. */
  const policy = standaloneCrmCallPolicy({ retryBaseDelayMs: 0, retryMaxDelayMs: 0 });
  const policies = { forTarget: () => ({ policy }) } as unknown as CrmCallPolicies;
  /** Every user here signed in with the platform's client. */
  const managedClients = { forUser: async () => undefined } as unknown as ManagedOAuthClients;

  /** A second instance: its own in-process single-flight map, the same database. */
  const instance = () =>
    new TokenRefresher(
      users,
      vault,
      h.module.get(NamedClaims),
      strategies,
      { refreshMarginSeconds: 120, refreshWaitMs: 1500 } as never,
      { timeoutMs: 5000 } as never,
      h.module.get(MetricsService),
      policies,
      managedClients,
    );
  /** crm_bridge_token_refreshes_total for sample-crm and `outcome`. */
  const refreshes = async (outcome: string) => {
    const metric = h.module
      .get(MetricsService)
      .registry.getSingleMetric('crm_bridge_token_refreshes_total');
    const values = (await metric!.get()).values;
    return (
      values.find((v) => v.labels.platform === 'sample-crm' && v.labels.outcome === outcome)
        ?.value ?? 0
    );
  };

  const createUser = async (accessToken: string, refreshToken: string) => {
    const id = randomUUID();
    return insertUser(h.dataSource, {
      id,
      authType: 'oauth',
      accessToken: vault.encrypt(accessToken, id, 'accessToken'),
      refreshToken: vault.encrypt(refreshToken, id, 'refreshToken'),
      tokenRefreshAt: new Date(Date.now() - 1000),
    });
  };
  /** What another instance's completed refresh leaves in the database. */
  const storeTokens = async (id: string, accessToken: string, refreshToken: string) =>
    users.updateTokens(id, (await users.findById(id))!, {
      accessToken: vault.encrypt(accessToken, id, 'accessToken'),
      refreshToken: vault.encrypt(refreshToken, id, 'refreshToken'),
      tokenExpiresAt: new Date(Date.now() + 3600_000),
      tokenRefreshAt: new Date(Date.now() + 3000_000),
    });
  const invalidGrant = {
    error: {
      statusCode: 400,
      data: '{"error":"invalid_grant","error_description":"grant request is invalid"}',
    },
  };

  beforeAll(async () => {
    h = await startPersistence([UsersService, CredentialVault, NamedClaims]);
    vault = h.module.get(CredentialVault);
    users = h.module.get(UsersService);
    tokenServer = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const refreshToken = new URLSearchParams(body).get('refresh_token') ?? '';
        tokenCalls.push(refreshToken);
        void answer(refreshToken).then(({ error, tokens }) => {
          if (error) return res.writeHead(error.statusCode, error.headers).end(error.data);
          res.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              access_token: tokens![0],
              refresh_token: tokens![1],
              expires_in: tokens![2],
            }),
          );
        });
      });
    });
    await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
    tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`;
  });
  afterAll(async () => {
    tokenServer.closeAllConnections();
    await new Promise((resolve) => tokenServer.close(resolve));
    await h.close();
  });
  beforeEach(() => {
    tokenCalls = [];
  });

  it('refreshes an expiring token and stores the rotated pair', async () => {
    const id = await createUser('at-1', 'rt-1');
    answer = async () => ({ tokens: ['at-2', 'rt-2', 3600] });
    const before = await refreshes('refreshed');
    await expect(instance().refresh(provider, id)).resolves.toBe('at-2');
    expect(await refreshes('refreshed')).toBe(before + 1);
    const row = await users.findById(id);
    expect(vault.decrypt(row!.refreshToken!, id, 'refreshToken')).toBe('rt-2');
    expect(row!.tokenRefreshAt!.getTime()).toBeGreaterThan(Date.now() + 3000_000);
    expect(tokenCalls).toEqual(['rt-1']);
  });

  it('makes one refresh when many requests on two instances need one', async () => {
    const id = await createUser('at-1', 'rt-1');
    answer = async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { tokens: ['at-2', 'rt-2', 3600] };
    };
    const [a, b] = [instance(), instance()];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).refresh(provider, id)),
    );
    expect(new Set(results)).toEqual(new Set(['at-2']));
    expect(tokenCalls).toEqual(['rt-1']);
  });

  it('treats invalid_grant after another instance rotated the token as a race: it uses the newer tokens', async () => {
    const id = await createUser('at-1', 'rt-1');
    answer = async () => {
      // Meanwhile another instance rotated rt-1 and stored its result; the CRM now refuses rt-1.
      await storeTokens(id, 'at-other', 'rt-other');
      return invalidGrant;
    };
    await expect(instance().refresh(provider, id, { rejectedAccessToken: 'at-1' })).resolves.toBe(
      'at-other',
    );
    const row = await users.findById(id);
    expect(row!.revokedAt).toBeNull();
    expect(vault.decrypt(row!.refreshToken!, id, 'refreshToken')).toBe('rt-other');
  });

  it('treats invalid_grant with nothing newer stored as a revocation: tokens cleared, SESSION_REVOKED', async () => {
    const id = await createUser('at-1', 'rt-1');
    answer = async () => invalidGrant;
    await expect(instance().refresh(provider, id)).rejects.toMatchObject({
      code: 'SESSION_REVOKED',
    });
    const row = await users.findById(id);
    expect(row).toMatchObject({ accessToken: null, refreshToken: null });
    expect(row!.revokedAt).toBeInstanceOf(Date);
    await expect(instance().refresh(provider, id)).rejects.toMatchObject({
      code: 'SESSION_REVOKED',
    });
    expect(tokenCalls).toEqual(['rt-1']);
  });

  it('takes over the claim of a holder that died, and waits for a live one only so long', async () => {
    const dead = await createUser('at-1', 'rt-1');
    await h.dataSource
      .getRepository(NamedClaimEntity)
      .insert({ key: `refresh:${dead}`, token: 'crashed', expiresAt: new Date(Date.now() - 1) });
    answer = async () => ({ tokens: ['at-2', 'rt-2', 3600] });
    await expect(instance().refresh(provider, dead)).resolves.toBe('at-2');

    const busy = await createUser('at-1', 'rt-1');
    await h.dataSource
      .getRepository(NamedClaimEntity)
      .insert({ key: `refresh:${busy}`, token: 'alive', expiresAt: new Date(Date.now() + 60_000) });
    const error = await instance()
      .refresh(provider, busy)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    expect(tokenCalls).toEqual(['rt-1']);
  });

  it('reports a failing token endpoint as the CRM being unavailable, keeping the tokens', async () => {
    const id = await createUser('at-1', 'rt-1');
    answer = async () => ({ error: { statusCode: 503, data: 'busy' } });
    await expect(instance().refresh(provider, id)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const row = await users.findById(id);
    expect(row!.revokedAt).toBeNull();
    expect(vault.decrypt(row!.refreshToken!, id, 'refreshToken')).toBe('rt-1');
  });

  it('answers a 429 as rate limited, keeps the grant, and sends nothing more until Retry-After passes', async () => {
    const id = await createUser('at-1', 'rt-1');
    answer = async () => ({
      error: {
        statusCode: 429,
        data: '{"error":"rate_limited"}',
        headers: { 'Retry-After': '30' },
      },
    });
    const refresher = instance();
    await expect(refresher.refresh(provider, id)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 30,
      notSent: true,
      outcomeUnknown: false,
    });
    const row = await users.findById(id);
    expect(row!.revokedAt).toBeNull();
    expect(vault.decrypt(row!.refreshToken!, id, 'refreshToken')).toBe('rt-1');
    // Within the CRM's Retry-After this instance does not ask again.
    await expect(refresher.refresh(provider, id)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(tokenCalls).toEqual(['rt-1']);
  });

  it('retries a 503 under the call policy, then stores the tokens', async () => {
    const id = await createUser('at-1', 'rt-1');
    answer = async () =>
      tokenCalls.length === 1
        ? { error: { statusCode: 503, data: 'busy' } }
        : { tokens: ['at-2', 'rt-2', 3600] };
    await expect(instance().refresh(provider, id)).resolves.toBe('at-2');
    expect(tokenCalls).toEqual(['rt-1', 'rt-1']);
  });

  it('does not take an invalid_grant that follows a 500 for a revocation (the 500 may have rotated the token)', async () => {
    const id = await createUser('at-1', 'rt-1');
    answer = async () =>
      tokenCalls.length === 1 ? { error: { statusCode: 500, data: 'oops' } } : invalidGrant;
    await expect(instance().refresh(provider, id)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect((await users.findById(id))!.revokedAt).toBeNull();
  });

  it("gives up at the caller's deadline when the token endpoint is slow, keeping the grant", async () => {
    const id = await createUser('at-1', 'rt-1');
    answer = async () => {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      return { tokens: ['at-2', 'rt-2', 3600] };
    };
    const started = Date.now();
    await expect(
      instance().refresh(provider, id, { deadline: started + 300 }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE', timedOut: true, outcomeUnknown: false });
    // The deadline, not the endpoint's 3 s (a bound on waiting, generous for a loaded machine).
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await users.findById(id))!.revokedAt).toBeNull();
  });

  it('stores nothing when the user logged out or was revoked while the refresh was in flight', async () => {
    for (const endConnection of [
      (id: string) => users.signOut(id),
      (id: string) => users.markRevoked(id),
    ]) {
      const id = await createUser('at-1', 'rt-1');
      let answered!: () => void;
      const asked = new Promise<void>(
        (resolve) =>
          (answer = async () => {
            resolve();
            await new Promise<void>((release) => (answered = release));
            return { tokens: ['at-2', 'rt-2', 3600] };
          }),
      );
      const refreshing = instance().refresh(provider, id);
      await asked;
      await endConnection(id);
      answered();
      await refreshing.catch(() => undefined);
      const row = (await users.findById(id))!;
      expect({ accessToken: row.accessToken, refreshToken: row.refreshToken }).toEqual({
        accessToken: null,
        refreshToken: null,
      });
    }
  });

  it('stores nothing over a new login that happened while the refresh was in flight', async () => {
    const id = await createUser('at-1', 'rt-1');
    let answered!: () => void;
    const asked = new Promise<void>(
      (resolve) =>
        (answer = async () => {
          resolve();
          await new Promise<void>((release) => (answered = release));
          return { tokens: ['at-2', 'rt-2', 3600] };
        }),
    );
    const refreshing = instance().refresh(provider, id);
    await asked;
    await users.signOut(id);
    await users.saveLogin(
      { platform: 'sample-crm', hostname: '', crmUserId: id, name: id, authType: 'oauth' },
      (owner) => ({
        accessToken: vault.encrypt('at-new-login', owner, 'accessToken'),
        refreshToken: vault.encrypt('rt-new-login', owner, 'refreshToken'),
      }),
    );
    answered();
    await refreshing.catch(() => undefined);
    const row = (await users.findById(id))!;
    expect(vault.decrypt(row.refreshToken!, id, 'refreshToken')).toBe('rt-new-login');
    expect(vault.decrypt(row.accessToken!, id, 'accessToken')).toBe('at-new-login');
  });
});
