import { loginWithApiKey } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';
import { startSignedInApp } from '../support/signed-in-app.js';

describe('hot-path caches: phone lookups per user, signed-in users per instance', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    ({
      t,
      tokens: { alice, bob },
    } = await startSignedInApp({
      env: {
        USER_CACHE_TTL_MS: '60000',
        CONTACT_CACHE_TTL_SECONDS: '600',
        CONTACT_CACHE_MISS_TTL_SECONDS: '60',
      },
      users: ['alice', 'bob'],
    }));
  });
  afterAll(() => t.close());
  beforeEach(() => t.crm.store.resetStats());

  const lookup = (token: string, query: string) =>
    t.http
      .get(`/contact?jwtToken=${token}&${query}`)
      .expect(200)
      .then((r) => r.body);
  const crmSearches = () => t.crm.store.stats()['GET /api/contacts'] ?? 0;

  it('answers a ringing phone that asks three times with one CRM search', async () => {
    const first = await lookup(alice, 'phoneNumber=+14155550123');
    const searches = crmSearches();
    expect(searches).toBeGreaterThan(0);
    const again = [
      await lookup(alice, 'phoneNumber=+14155550123'),
      await lookup(alice, 'phoneNumber=%2B14155550123'),
    ];
    expect(again).toEqual([first, first]);
    expect(crmSearches()).toBe(searches);
  });

  it('keeps users apart, and isForceRefreshAccountData bypasses and rewrites the entry', async () => {
    await lookup(alice, 'phoneNumber=+442079460958');
    const afterAlice = crmSearches();
    await lookup(bob, 'phoneNumber=+442079460958');
    expect(crmSearches()).toBeGreaterThan(afterAlice);
    const afterBob = crmSearches();
    await lookup(alice, 'phoneNumber=+442079460958&isForceRefreshAccountData=true');
    expect(crmSearches()).toBeGreaterThan(afterBob);
  });

  it('shows a contact created through crm-bridge at the next lookup, for every user of the CRM', async () => {
    const before = await lookup(bob, 'phoneNumber=+13125550177');
    expect(before.contact).toHaveLength(1);
    await lookup(bob, 'phoneNumber=+13125550177');
    await t.http
      .post(`/contact?jwtToken=${alice}`)
      .send({ phoneNumber: '+13125550177', newContactName: 'Nora New' })
      .expect(200);
    const after = await lookup(bob, 'phoneNumber=+13125550177');
    expect(after.contact.map((c: { name: string }) => c.name)).toEqual([
      'Nora New',
      'Create new contact...',
    ]);
  });

  it('does not cache a failed lookup', async () => {
    // A lasting fault: a single failure would be retried away by the CRM call policy.
    t.crm.faults.set('GET /api/contacts', { status: 503 });
    const failed = await lookup(alice, 'phoneNumber=+14155550199&isForceRefreshAccountData=true');
    t.crm.faults.clear();
    expect(failed.successful).toBe(false);
    const retried = await lookup(alice, 'phoneNumber=+14155550199');
    expect(retried.successful).toBe(true);
    expect(retried.contact).toHaveLength(3);
  });

  it('still ends every session token at logout, despite the user cache', async () => {
    const token = await loginWithApiKey(t.http, 'bob');
    await lookup(token, 'phoneNumber=+14155550100');
    await t.http.post(`/unAuthorize?jwtToken=${token}`).expect(200);
    await t.http.get(`/contact?jwtToken=${token}&phoneNumber=+14155550100`).expect(400);
  });
});
