import request from 'supertest';
import { startSampleCrm, type RunningSampleCrm } from '../../examples/sample-crm/sample-crm.js';
import {
  buildServer,
  sharedSecrets,
  startBridgeProcess,
  stopBridgeProcess,
  type BridgeProcess,
} from '../support/bridge-processes.js';
import { loginWithApiKey } from '../support/factories.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../support/test-database.js';
import {
  deleteKeys,
  redisAvailable,
  TEST_REDIS_URL,
  uniqueKeyPrefix,
} from '../support/test-redis.js';

const SESSION_TEXT = 'Please go to Settings and authorize CRM platform';
const describeRedis = (await redisAvailable()) ? describe : describe.skip;

/**
 * Two crm-bridge processes on one database and one Redis, each caching the signed-in user for a
 * minute (USER_CACHE_TTL_MS=60000, so a stale answer cannot hide behind a short TTL). B reaches
 * Redis through a proxy the tests can cut. A change on A must show on B's very next request.
 */
describeRedis(`logout across two instances on one ${testDatabaseKind()} database and Redis`, () => {
  let crm: RunningSampleCrm;
  let db: TestDatabase;
  let proxy: TcpProxy;
  let a: BridgeProcess;
  let b: BridgeProcess;
  const prefix = uniqueKeyPrefix();

  beforeAll(async () => {
    buildServer();
    crm = await startSampleCrm();
    db = await createTestDatabase();
    const redis = new URL(TEST_REDIS_URL);
    proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    const env = {
      ...sharedSecrets(),
      DATABASE_URL: db.url,
      SAMPLE_CRM_URL: crm.url,
      PUBLIC_URL: 'http://crm-bridge.test',
      REDIS_KEY_PREFIX: prefix,
      USER_CACHE_TTL_MS: '60000',
    };
    a = await startBridgeProcess({ ...env, REDIS_URL: TEST_REDIS_URL });
    const viaProxy = new URL(TEST_REDIS_URL);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    b = await startBridgeProcess({ ...env, REDIS_URL: viaProxy.toString() });
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map(stopBridgeProcess));
    await proxy?.close();
    await crm?.close();
    await db?.drop();
    await deleteKeys(prefix);
  });

  const lookup = (on: BridgeProcess, token: string) =>
    request(on.url).get(`/contact?jwtToken=${token}&phoneNumber=%2B14155550100`);
  const logout = (on: BridgeProcess, token: string) =>
    request(on.url).post(`/unAuthorize?jwtToken=${token}`).expect(200);
  /** The answer to a session token that is no longer valid. */
  const refused = (req: request.Test) => req.expect(400, SESSION_TEXT);
  /** Polls B's readiness until it reports Redis as `status` (B has seen the cut or the repair). */
  const redisOnB = async (status: 'up' | 'down') => {
    for (;;) {
      const res = await request(b.url).get('/health');
      if (res.body?.info?.redis?.status === status || res.body?.error?.redis?.status === status)
        return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('refuses the token on B at the very next request after a logout on A', async () => {
    const token = await loginWithApiKey(request(a.url), 'alice');
    // Twice on B: the second answer comes from B's cached user.
    await lookup(b, token).expect(200);
    await lookup(b, token).expect(200);
    await logout(a, token);
    await refused(lookup(b, token));
  });

  it('shows a settings change made on A at once on B', async () => {
    const token = await loginWithApiKey(request(a.url), 'bob');
    await request(b.url).get(`/user/settings?jwtToken=${token}`).expect(200, {});
    await request(a.url)
      .post(`/user/settings?jwtToken=${token}`)
      .send({ userSettings: { autoLogCall: { value: true } } })
      .expect(200);
    await request(b.url)
      .get(`/user/settings?jwtToken=${token}`)
      .expect(200, { autoLogCall: { value: true } });
    await logout(a, token);
  });

  it('does not serve a logout from cache while B is cut off from Redis, nor after it is back', async () => {
    const during = await loginWithApiKey(request(a.url), 'alice');
    const missed = await loginWithApiKey(request(a.url), 'bob');
    await lookup(b, during).expect(200);
    await lookup(b, missed).expect(200);
    proxy.cut();
    await redisOnB('down');
    // The invalidation is published while B cannot hear it.
    await logout(a, during);
    await logout(a, missed);
    await refused(lookup(b, during));
    proxy.restore();
    await redisOnB('up');
    await refused(lookup(b, missed));
  });
});
