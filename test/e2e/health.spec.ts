import { startPrivateDatabase } from '../support/private-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabaseKind } from '../support/test-database.js';
import { redisAvailable, TEST_REDIS_URL, uniqueKeyPrefix } from '../support/test-redis.js';

const kind = testDatabaseKind();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await pause(100);
  }
}

/** GET /health: readiness for a load balancer (terminus), next to the /isAlive liveness answer. */
describe(`GET /health on ${kind}`, () => {
  let t: TestApp;

  beforeAll(async () => {
    // A tiny per-IP limit: the balancer's probes must never be refused.
    t = await startTestApp({ env: { RATE_LIMIT_PER_IP: '3' } });
  });
  afterAll(() => t?.close());

  it('answers 200 with terminus JSON when the database is up, with no session and no rate limit', async () => {
    for (let i = 0; i < 6; i += 1) {
      const res = await t.http.get('/health').expect(200);
      expect(res.body).toEqual({
        status: 'ok',
        info: { database: expect.objectContaining({ status: 'up' }) },
        error: {},
        details: { database: expect.objectContaining({ status: 'up' }) },
      });
      expect(res.headers['cache-control']).toContain('no-store');
    }
    // /isAlive is unchanged: plain-text liveness.
    const alive = await t.http.get('/isAlive').expect(200);
    expect(alive.text).toBe('OK');
  });
});

/** Redis is checked only when REDIS_URL is configured. */
const describeRedis = (await redisAvailable()) ? describe : describe.skip;

describeRedis(`GET /health with Redis configured on ${kind}`, () => {
  let up: TestApp;
  let unreachable: TestApp;

  beforeAll(async () => {
    up = await startTestApp({
      env: { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: uniqueKeyPrefix() },
    });
    // Nothing listens on port 1; the password must never reach an answer.
    unreachable = await startTestApp({
      env: { REDIS_URL: 'redis://:redis-pass-not-shown@127.0.0.1:1', REDIS_KEY_PREFIX: 'x:' },
    });
  });
  afterAll(async () => {
    await up?.close();
    await unreachable?.close();
  });

  it('reports Redis up next to the database', async () => {
    const res = await up.http.get('/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details).toEqual({
      database: expect.objectContaining({ status: 'up' }),
      redis: expect.objectContaining({ status: 'up' }),
    });
  });

  it('answers 503 naming redis as down when it cannot be reached, without connection details', async () => {
    const res = await unreachable.http.get('/health').expect(503);
    expect(res.body).toMatchObject({
      status: 'error',
      info: { database: { status: 'up' } },
      error: { redis: { status: 'down', message: 'Redis did not answer' } },
    });
    expect(res.text).not.toContain('redis-pass-not-shown');
    expect(res.text).not.toContain('127.0.0.1');
    // The API itself still answers: rate limits fall back to memory.
    await unreachable.http.get('/isAlive').expect(200);
  });
});

/**
 * The database goes away. On MariaDB and PostgreSQL a private server this test owns is killed and
 * started again; SQLite has no server, so its connection is closed under the running app and opened
 * again.
 */
describe(`GET /health when the ${kind} database is gone`, () => {
  let t: TestApp;
  let stopDatabase: () => Promise<void>;
  let startDatabase: () => Promise<void>;
  let release = async () => undefined as void;

  beforeAll(async () => {
    if (kind !== 'sqlite') {
      const { server, db } = await startPrivateDatabase(kind, 'crm_bridge');
      t = await startTestApp({ db });
      stopDatabase = () => server.stop('SIGKILL');
      startDatabase = () => server.start();
      release = () => server.destroy();
    } else {
      t = await startTestApp();
      stopDatabase = () => t.dataSource.destroy();
      startDatabase = async () => {
        await t.dataSource.initialize();
      };
    }
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await release();
  });

  it('answers 503 naming the database while it is down, and 200 again once it is back', async () => {
    await t.http.get('/health').expect(200);
    await stopDatabase();
    const down = await t.http.get('/health').expect(503);
    expect(down.body).toMatchObject({
      status: 'error',
      error: { database: { status: 'down', message: 'The database did not answer' } },
    });
    expect(down.text).not.toContain(t.env.DATABASE_URL);
    // Liveness does not depend on the database.
    await t.http.get('/isAlive').expect(200);
    await startDatabase();
    await until(async () => (await t.http.get('/health')).status === 200, 20_000);
  }, 60_000);
});
