import { FIELD_CRM_KEYS } from '../provider-kit/field-crm-kit.js';
import { samplePlatformsUnderTest } from '../support/platforms.js';
import { startSignedInApp } from '../support/signed-in-app.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Who = 'alice' | 'bob';

/**
 * GET /accountData (docs/client-contract.md, Account data): loaded through the provider once per
 * CRM tenant and TTL, shared by the tenant's users; the official refusals for bad keys.
 */
describe('GET /accountData', () => {
  let t: TestApp;
  // Per platform: the sample CRM's class binding and its JSON twin answer alike.
  const tokens: Record<string, Record<Who, string>> = {};

  beforeAll(async () => {
    t = await startTestApp();
    for (const platform of samplePlatformsUnderTest()) {
      tokens[platform.platform] = {
        alice: await platform.login(t.http, 'alice'),
        bob: await platform.login(t.http, 'bob'),
      };
    }
  });
  afterAll(() => t.close());
  beforeEach(() => t.crm.store.resetStats());

  const crmCalls = (route: string) => t.crm.store.stats()[route] ?? 0;

  describe.each(samplePlatformsUnderTest())('on $platform', ({ platform }) => {
    const get = (who: Who, query: string) =>
      t.http.get(`/accountData?${query}`).set('authorization', `Bearer ${tokens[platform][who]}`);

    it('answers each requested key; two users of one tenant share one CRM load', async () => {
      const alice = await get('alice', 'keys=activityTypes,users').expect(200);
      expect(alice.body).toEqual({
        successful: true,
        data: {
          activityTypes: [
            { const: 'call', title: 'Call' },
            { const: 'sms', title: 'SMS' },
            { const: 'fax', title: 'Fax' },
            { const: 'voicemail', title: 'Voicemail' },
          ],
          users: expect.arrayContaining([
            { const: expect.any(String), title: 'Alice Example' },
            { const: expect.any(String), title: 'Bob Example' },
          ]),
        },
      });
      const bob = await get('bob', 'keys=users').expect(200);
      expect(bob.body.data).toEqual({ users: alice.body.data.users });
      expect([crmCalls('GET /api/users'), crmCalls('GET /api/activity-types')]).toEqual([1, 1]);
      // Nothing secret leaves the CRM's user list.
      expect(JSON.stringify(alice.body)).not.toMatch(/sample-key|password|apiKey/i);
    });

    it('every key the manifest names for the platform is served', async () => {
      const manifest = await t.http.get(`/crmManifest?platformName=${platform}`).expect(200);
      const named = [...JSON.stringify(manifest.body).matchAll(/"accountDataKey":"([^"]+)"/g)].map(
        (match) => match[1],
      );
      expect(named).toContain('activityTypes');
      const reply = await get('alice', `keys=${named.join(',')}`).expect(200);
      expect(Object.keys(reply.body.data).sort()).toEqual([...new Set(named)].sort());
    });

    it('concurrent first requests of many users make one CRM call (single-flight)', async () => {
      await get('alice', 'keys=users&forceRefresh=true').expect(200);
      t.crm.store.resetStats();
      t.crm.faults.set('GET /api/users', { latencyMs: 200 });
      try {
        const replies = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            get(i % 2 ? 'bob' : 'alice', 'keys=users&forceRefresh=true'),
          ),
        );
        for (const reply of replies) expect(reply.body.successful).toBe(true);
      } finally {
        t.crm.faults.clear();
      }
      expect(crmCalls('GET /api/users')).toBe(1);
    });

    it('forceRefresh=true loads again and the new value is what the others then see', async () => {
      await get('alice', 'keys=activityTypes').expect(200);
      const before = crmCalls('GET /api/activity-types');
      await get('bob', 'keys=activityTypes&forceRefresh=true').expect(200);
      expect(crmCalls('GET /api/activity-types')).toBe(before + 1);
      await get('alice', 'keys=activityTypes&forceRefresh=false').expect(200);
      expect(crmCalls('GET /api/activity-types')).toBe(before + 1);
    });

    it('refuses unknown keys as the official server does, naming them', async () => {
      const reply = await get('alice', 'keys=users,dispositions,secrets').expect(400);
      expect(reply.body).toEqual({
        successful: false,
        returnMessage: {
          message: 'Unknown account data key(s): dispositions, secrets',
          messageType: 'warning',
          ttl: 5000,
        },
      });
      expect(crmCalls('GET /api/users')).toBe(0);
    });

    it.each([
      ['no keys', ''],
      ['empty keys', 'keys='],
      ['only commas', 'keys=,%20,'],
      ['too many keys', `keys=${Array.from({ length: 21 }, (_, i) => `k${i}`).join(',')}`],
      ['keys over 1000 characters', `keys=${'a'.repeat(1001)}`],
    ])('answers %s with a 400 naming the problem', async (_case, query) => {
      const reply = await get('alice', query).expect(400);
      expect(reply.text).toMatch(/keys|forceRefresh/);
    });

    it('without a session: the official 400', async () => {
      const reply = await t.http.get('/accountData?keys=users').expect(400);
      expect(reply.text).toBe('Please go to Settings and authorize CRM platform');
    });

    it('a CRM failure is a business failure (200, successful false), and is not cached', async () => {
      t.crm.faults.set('GET /api/users', { status: 500 });
      const failed = await get('alice', 'keys=users&forceRefresh=true').expect(200);
      expect(failed.body).toMatchObject({
        successful: false,
        returnMessage: { messageType: 'warning' },
      });
      t.crm.faults.clear();
      const next = await get('alice', 'keys=users').expect(200);
      expect(next.body.successful).toBe(true);
    });
  });

  it('a provider without account data (field-crm) refuses every key as unknown', async () => {
    const login = await t.http
      .post('/apiKeyLogin')
      .send({ platform: 'field-crm', apiKey: FIELD_CRM_KEYS.alice });
    expect([login.status, login.body.successful]).toEqual([200, true]);
    const token = login.body.jwtToken as string;
    const reply = await t.http
      .get('/accountData?keys=activityTypes')
      .set('authorization', `Bearer ${token}`)
      .expect(400);
    expect(reply.body).toEqual({
      successful: false,
      returnMessage: {
        message: 'Unknown account data key(s): activityTypes',
        messageType: 'warning',
        ttl: 5000,
      },
    });
  });

  it('/implementedInterfaces reports accountData per provider', async () => {
    for (const [platform, expected] of [
      ['sample-crm', true],
      ['sample-crm-apikey', true],
      ['sample-crm-json', true],
      ['field-crm', false],
    ] as const) {
      const reply = await t.http.get(`/implementedInterfaces?platform=${platform}`).expect(200);
      expect([platform, reply.body.accountData]).toEqual([platform, expected]);
    }
  });
});

// Its own app with a short TTL, started after the suite above closed (a second app alongside it
// broke that suite's later field-crm login with a 502).
describe('GET /accountData with ACCOUNT_DATA_TTL_SECONDS=1', () => {
  it('a value is loaded again once ACCOUNT_DATA_TTL_SECONDS has passed', async () => {
    const short = await startSignedInApp({
      users: ['alice'],
      env: { ACCOUNT_DATA_TTL_SECONDS: '1' },
    });
    try {
      const call = () =>
        short.t.http
          .get('/accountData?keys=users')
          .set('authorization', `Bearer ${short.tokens.alice}`)
          .expect(200);
      await call();
      await call();
      expect(short.t.crm.store.stats()['GET /api/users']).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await call();
      expect(short.t.crm.store.stats()['GET /api/users']).toBe(2);
    } finally {
      await short.t.close();
    }
  });
});
