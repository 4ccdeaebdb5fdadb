import { CallLogMappingEntity } from '../../src/call-logs/call-log-mapping.entity.js';
import { callLogBody, uniqueSessionId } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';
import { startSignedInApp } from '../support/signed-in-app.js';

/**
 * Every fault the sample CRM can inject, through the real app: what the client is told, how many
 * CRM calls were made (bounded, no retry storms), and that writes happen exactly once.
 *
 * Budget 2 s per client request, 600 ms per attempt, 3 attempts, no backoff delay (the backoff has
 * its own unit tests), so the attempt counts below do not depend on chance.
 */
describe('CRM faults: timeouts, retries, Retry-After', () => {
  let t: TestApp;
  let alice: string;
  /** CRM searches one lookup of +14155550100 makes when nothing fails (one per phone variant). */
  let searchesPerLookup: number;

  beforeAll(async () => {
    ({
      t,
      tokens: { alice },
    } = await startSignedInApp({
      env: {
        CRM_TIMEOUT_MS: '2000',
        CRM_ATTEMPT_TIMEOUT_MS: '600',
        CRM_MAX_ATTEMPTS: '3',
        CRM_RETRY_BASE_DELAY_MS: '0',
        CRM_RETRY_MAX_DELAY_MS: '0',
        CRM_RETRY_AFTER_CAP_SECONDS: '2',
        // Breaker behaviour has its own suite (crm-breaker.spec.ts).
        CRM_BREAKER_THRESHOLD: '1000',
      },
      users: ['alice'],
    }));
    t.crm.store.resetStats();
    expect((await lookup()).body.successful).toBe(true);
    searchesPerLookup = calls('GET /api/contacts');
    expect(searchesPerLookup).toBeGreaterThan(1);
  });
  afterAll(() => t.close());
  beforeEach(() => t.crm.store.resetStats());
  afterEach(() => t.crm.faults.clear());

  const calls = (routeKey: string) => t.crm.store.stats()[routeKey] ?? 0;
  const lookup = () =>
    t.http.get(`/contact?jwtToken=${alice}&phoneNumber=+14155550100`).expect(200);
  const names = (body: { contact: { name: string }[] }) => body.contact.map((c) => c.name);
  const logCall = (sessionId: string) =>
    t.http.post(`/callLog?jwtToken=${alice}`).send(callLogBody({ sessionId })).expect(200);
  const activitiesFor = (sessionId: string) =>
    t.crm.store.activities.filter((a) => a.externalId === sessionId);
  const mapping = (sessionId: string) =>
    t.dataSource.getRepository(CallLogMappingEntity).findOneBy({ sessionId });

  /** The call is logged exactly once, and the mapping holds that activity. */
  const expectLoggedOnce = async (sessionId: string, logId: string) => {
    const activities = activitiesFor(sessionId);
    expect(activities).toHaveLength(1);
    expect(String(activities[0].id)).toBe(logId);
    expect(await mapping(sessionId)).toMatchObject({ status: 'logged', crmLogId: logId });
  };

  describe('latency', () => {
    it('answers normally when the CRM is slow but within the time limits', async () => {
      // Every search of the lookup is slowed; together they stay within the 2 s budget.
      t.crm.faults.set('GET /api/contacts', { latencyMs: 100 });
      const res = await lookup();
      expect(res.body.successful).toBe(true);
      expect(names(res.body)).toEqual(['Jane Doe', 'Create new contact...']);
      expect(calls('GET /api/contacts')).toBe(searchesPerLookup);
    });

    it('retries an attempt that timed out, and succeeds', async () => {
      t.crm.faults.set('GET /api/contacts', { failNext: 1, latencyMs: 1500 });
      const res = await lookup();
      expect(res.body.successful).toBe(true);
      expect(calls('GET /api/contacts')).toBe(searchesPerLookup + 1);
    });

    it('says the CRM did not respond in time when it never answers within the budget', async () => {
      t.crm.faults.set('GET /api/contacts', { latencyMs: 10000 });
      const res = await lookup();
      expect(res.body).toEqual({
        successful: false,
        returnMessage: {
          message: 'The CRM did not respond in time',
          messageType: 'warning',
          ttl: 5000,
          details: [
            {
              title: 'Details',
              items: [
                {
                  id: '1',
                  type: 'text',
                  text: 'Sample CRM (API key) did not answer in time. Please try again.',
                },
              ],
            },
          ],
        },
        contact: [expect.objectContaining({ id: 'createNewContact' })],
      });
      // Three attempts of 600 ms fit in the 2 s budget; the first search never got further.
      expect(calls('GET /api/contacts')).toBe(3);
    });
  });

  describe('5xx', () => {
    it('retries a GET after a 5xx and succeeds', async () => {
      t.crm.faults.set('GET /api/contacts', { failNext: 1, status: 503 });
      const res = await lookup();
      expect(names(res.body)).toEqual(['Jane Doe', 'Create new contact...']);
      expect(calls('GET /api/contacts')).toBe(searchesPerLookup + 1);
    });

    it('gives up after three attempts when every one fails', async () => {
      t.crm.faults.set('GET /api/contacts', { status: 500 });
      const res = await lookup();
      expect(res.body.successful).toBe(false);
      expect(res.body.returnMessage.message).toBe('Sample CRM (API key) is unavailable');
      expect(JSON.stringify(res.body)).not.toMatch(/\b500\b|status|server_error/);
      expect(calls('GET /api/contacts')).toBe(3);
    });

    it('retries the creation of a call activity because it carries an idempotency key: one activity', async () => {
      const sessionId = uniqueSessionId();
      t.crm.faults.set('POST /api/activities', { failNext: 1, status: 502 });
      const res = await logCall(sessionId);
      expect(res.body.successful).toBe(true);
      expect(calls('POST /api/activities')).toBe(2);
      await expectLoggedOnce(sessionId, res.body.logId);
    });

    it('retries a create whose 5xx came after the CRM stored it, and gets the stored one back', async () => {
      const sessionId = uniqueSessionId();
      t.crm.faults.set('POST /api/activities', { failNext: 1, status: 500, afterHandler: true });
      const res = await logCall(sessionId);
      expect(res.body.successful).toBe(true);
      expect(calls('POST /api/activities')).toBe(2);
      await expectLoggedOnce(sessionId, res.body.logId);
    });

    it('does not mark a call logged when every attempt fails; the client retry logs it once', async () => {
      const sessionId = uniqueSessionId();
      t.crm.faults.set('POST /api/activities', { status: 503 });
      const failed = await logCall(sessionId);
      expect(failed.body).toMatchObject({
        successful: false,
        returnMessage: { message: 'Sample CRM (API key) is unavailable' },
      });
      expect(calls('POST /api/activities')).toBe(3);
      expect(await mapping(sessionId)).toBeNull();
      t.crm.faults.clear();
      const retried = await logCall(sessionId);
      expect(retried.body.successful).toBe(true);
      await expectLoggedOnce(sessionId, retried.body.logId);
    });

    it('never resends a create without a safe way to (a contact): one call, then the user retries', async () => {
      t.crm.faults.set('POST /api/contacts', { failNext: 1, status: 503 });
      const before = t.crm.store.contacts.length;
      const create = () =>
        t.http
          .post(`/contact?jwtToken=${alice}`)
          .send({ phoneNumber: '+14155550177', newContactName: 'Faulty Fay' })
          .expect(200);
      const failed = await create();
      expect(failed.body.successful).toBe(false);
      expect(failed.body.returnMessage.message).toBe('Sample CRM (API key) is unavailable');
      expect(calls('POST /api/contacts')).toBe(1);
      expect(t.crm.store.contacts).toHaveLength(before);
      expect((await create()).body.successful).toBe(true);
      expect(t.crm.store.contacts).toHaveLength(before + 1);
    });
  });

  describe('connection reset', () => {
    it('retries a GET whose connection was dropped', async () => {
      t.crm.faults.set('GET /api/contacts', { failNext: 1, reset: true });
      const res = await lookup();
      expect(names(res.body)).toEqual(['Jane Doe', 'Create new contact...']);
      expect(calls('GET /api/contacts')).toBe(searchesPerLookup + 1);
    });

    it('retries a create whose answer was dropped after the CRM stored it: one activity', async () => {
      const sessionId = uniqueSessionId();
      t.crm.faults.set('POST /api/activities', { failNext: 1, reset: true, afterHandler: true });
      const res = await logCall(sessionId);
      expect(res.body.successful).toBe(true);
      expect(calls('POST /api/activities')).toBe(2);
      await expectLoggedOnce(sessionId, res.body.logId);
    });

    it('says the CRM is unavailable when every connection drops', async () => {
      t.crm.faults.set('GET /api/contacts', { reset: true });
      const res = await lookup();
      expect(res.body.returnMessage.message).toBe('Sample CRM (API key) is unavailable');
      expect(calls('GET /api/contacts')).toBe(3);
    });
  });

  describe('429 with Retry-After', () => {
    it('waits a Retry-After below the cap, then succeeds', async () => {
      t.crm.faults.set('GET /api/contacts', { failNext: 1, status: 429, retryAfter: '1' });
      const res = await lookup();
      expect(names(res.body)).toEqual(['Jane Doe', 'Create new contact...']);
      expect(calls('GET /api/contacts')).toBe(searchesPerLookup + 1);
    });

    it('waits a Retry-After given as an HTTP date', async () => {
      const at = new Date(Date.now() + 1000).toUTCString();
      t.crm.faults.set('GET /api/contacts', { failNext: 1, status: 429, retryAfter: at });
      expect((await lookup()).body.successful).toBe(true);
      expect(calls('GET /api/contacts')).toBe(searchesPerLookup + 1);
    });

    it('answers "Rate limit exceeded" at once when Retry-After is above the cap', async () => {
      t.crm.faults.set('GET /api/contacts', { status: 429, retryAfter: '60' });
      const res = await lookup();
      expect(res.body).toMatchObject({
        successful: false,
        returnMessage: {
          message: 'Rate limit exceeded',
          messageType: 'warning',
          details: [
            {
              items: [
                { text: 'Sample CRM (API key) is receiving too many requests.' },
                { text: 'Please try again in 60 seconds.' },
              ],
            },
          ],
        },
      });
      expect(calls('GET /api/contacts')).toBe(1);
    });

    it('waits and retries a rate-limited create that carries an idempotency key: one activity', async () => {
      const sessionId = uniqueSessionId();
      t.crm.faults.set('POST /api/activities', { failNext: 1, status: 429, retryAfter: '1' });
      const res = await logCall(sessionId);
      expect(res.body.successful).toBe(true);
      expect(calls('POST /api/activities')).toBe(2);
      await expectLoggedOnce(sessionId, res.body.logId);
    });
  });
});
