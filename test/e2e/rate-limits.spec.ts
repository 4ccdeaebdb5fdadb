import { Redis } from 'ioredis';
import { SAMPLE_USERS } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  deleteKeys,
  redisAvailable,
  TEST_REDIS_URL,
  uniqueKeyPrefix,
} from '../support/test-redis.js';

const withRedis = await redisAvailable();

/**
 * Inbound rate limits (docs/client-contract.md, Conventions / Auth / User) with small limits, once with counters in
 * memory and once in Redis. Client addresses come from X-Forwarded-For (TRUST_PROXY=loopback).
 */
describe.each([
  ['memory', true],
  ['Redis', withRedis],
])('rate limits with %s counters', (kind, enabled) => {
  const prefix = uniqueKeyPrefix();
  let t: TestApp;
  let ipCounter = 0;
  /** A client address no other test uses. */
  const newIp = () => `198.51.100.${++ipCounter}`;

  const maybe = enabled ? it : it.skip;

  beforeAll(async () => {
    if (!enabled) return;
    t = await startTestApp({
      env: {
        TRUST_PROXY: 'loopback',
        RATE_LIMIT_PER_IP: '8',
        RATE_LIMIT_PER_USER: '4',
        RATE_LIMIT_LOGIN_PER_IP: '3',
        RATE_LIMIT_LOGIN_PER_PLATFORM: '5',
        RATE_LIMIT_USER_INFO_HASH_PER_IP: '2',
        ...(kind === 'Redis' ? { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix } : {}),
      },
    });
  });
  afterAll(async () => {
    if (!enabled) return;
    await t.close();
    if (kind === 'Redis') await deleteKeys(prefix);
  });

  const expectLimited = (res: {
    status: number;
    type: string;
    text: string;
    headers: Record<string, string>;
  }) => {
    expect(res.status).toBe(429);
    expect(res.type).toBe('text/plain');
    expect(res.text).toMatch(/^Too many requests\. Please try again in \d+ seconds?\.$/);
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.text).toContain(`${retryAfter} second`);
  };

  const login = (ip: string, body: object) =>
    t.http.post('/apiKeyLogin').set('x-forwarded-for', ip).send(body);

  maybe('limits each client address, and only that one', async () => {
    const ip = newIp();
    for (let i = 0; i < 8; i += 1) {
      await t.http.get('/crmManifest').set('x-forwarded-for', ip).expect(200);
    }
    const limited = await t.http.get('/crmManifest').set('x-forwarded-for', ip);
    expectLimited(limited);
    expect(limited.headers['access-control-allow-origin']).toBe('*');
    await t.http.get('/crmManifest').set('x-forwarded-for', newIp()).expect(200);
  });

  maybe(
    'counts requests with bad session tokens too (the limit runs before authentication)',
    async () => {
      const ip = newIp();
      for (let i = 0; i < 8; i += 1) {
        await t.http
          .get('/contact?phoneNumber=1&jwtToken=forged')
          .set('x-forwarded-for', ip)
          .expect(400);
      }
      expectLimited(
        await t.http.get('/contact?phoneNumber=1&jwtToken=forged').set('x-forwarded-for', ip),
      );
    },
  );

  maybe('never limits /isAlive or CORS preflights', async () => {
    const ip = newIp();
    for (let i = 0; i < 12; i += 1) {
      await t.http.get('/isAlive').set('x-forwarded-for', ip).expect(200);
      await t.http
        .options('/contact')
        .set('x-forwarded-for', ip)
        .set('origin', 'chrome-extension://abc')
        .set('access-control-request-method', 'GET')
        .expect(204);
    }
    // The address has used none of its allowance.
    await t.http.get('/crmManifest').set('x-forwarded-for', ip).expect(200);
  });

  maybe('limits each session user, from whatever address', async () => {
    const alice = (
      await login(newIp(), {
        platform: 'sample-crm-apikey',
        apiKey: SAMPLE_USERS.alice.apiKey,
      }).expect(200)
    ).body.jwtToken;
    const bob = (
      await login(newIp(), {
        platform: 'sample-crm-apikey',
        apiKey: SAMPLE_USERS.bob.apiKey,
      }).expect(200)
    ).body.jwtToken;
    for (let i = 0; i < 4; i += 1) {
      await t.http
        .get('/hostname')
        .set('x-forwarded-for', newIp())
        .set('authorization', `Bearer ${alice}`)
        .expect(200);
    }
    expectLimited(await t.http.get(`/hostname?jwtToken=${alice}`).set('x-forwarded-for', newIp()));
    await t.http
      .get('/hostname')
      .set('x-forwarded-for', newIp())
      .set('authorization', `Bearer ${bob}`)
      .expect(200);
  });

  maybe('limits /apiKeyLogin per address', async () => {
    const ip = newIp();
    for (let i = 0; i < 3; i += 1) {
      await login(ip, { platform: 'no-such-crm', apiKey: 'guess' }).expect(400);
    }
    expectLimited(await login(ip, { platform: 'no-such-crm', apiKey: 'guess' }));
    await login(newIp(), { platform: 'no-such-crm', apiKey: 'guess' }).expect(400);
  });

  maybe('limits /apiKeyLogin per platform, across addresses', async () => {
    for (let i = 0; i < 5; i += 1) {
      await login(newIp(), { platform: 'sample-crm', apiKey: `guess-${i}` }).expect(400);
    }
    expectLimited(await login(newIp(), { platform: 'sample-crm', apiKey: 'guess-6' }));
    // Another platform is not affected.
    await login(newIp(), {
      platform: 'sample-crm-apikey',
      apiKey: SAMPLE_USERS.alice.apiKey,
    }).expect(200);
  });

  maybe('limits /userInfoHash per address', async () => {
    const ip = newIp();
    for (let i = 0; i < 2; i += 1) {
      await t.http
        .get('/userInfoHash?extensionId=101&accountId=1')
        .set('x-forwarded-for', ip)
        .expect(200);
    }
    expectLimited(
      await t.http.get('/userInfoHash?extensionId=101&accountId=1').set('x-forwarded-for', ip),
    );
  });

  if (kind === 'Redis') {
    maybe('keeps its counters in Redis, each with an expiry', async () => {
      const client = new Redis(TEST_REDIS_URL);
      try {
        const keys = await client.keys(`${prefix}rate-limit:*`);
        expect(keys.some((key) => key.includes('{ip:ip:198.51.100.'))).toBe(true);
        expect(keys.some((key) => key.includes('{login-platform:login-platform:sample-crm}'))).toBe(
          true,
        );
        for (const key of keys) expect(await client.pttl(key)).toBeGreaterThan(0);
      } finally {
        client.disconnect();
      }
    });
  }
});

describe('rate limits switched off (RATE_LIMIT=false)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        TRUST_PROXY: 'loopback',
        RATE_LIMIT: 'false',
        RATE_LIMIT_PER_IP: '2',
        RATE_LIMIT_PER_USER: '2',
        RATE_LIMIT_LOGIN_PER_IP: '2',
      },
    });
  });
  afterAll(() => t.close());

  it('answers every request, past every limit', async () => {
    for (let i = 0; i < 5; i += 1) {
      await t.http.get('/crmManifest').set('x-forwarded-for', '198.51.100.200').expect(200);
      const user = SAMPLE_USERS.alice;
      await t.http
        .post('/apiKeyLogin')
        .set('x-forwarded-for', '198.51.100.200')
        .send({ platform: 'sample-crm-apikey', apiKey: user.apiKey })
        .expect(200);
    }
  });
});
