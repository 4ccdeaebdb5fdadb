import { CallLogMappingEntity } from '../../src/call-logs/call-log-mapping.entity.js';
import { callLogBody, uniqueSessionId } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';
import { startSignedInApp } from '../support/signed-in-app.js';

/**
 * The circuit breaker per CRM host, through the real app: repeated failures open it, calls then
 * fail fast without reaching the CRM, and after the half-open period one probe closes it again.
 */
describe('CRM circuit breaker', () => {
  let t: TestApp;
  let alice: string;
  let searchesPerLookup: number;

  beforeAll(async () => {
    ({
      t,
      tokens: { alice },
    } = await startSignedInApp({
      env: {
        CRM_BREAKER_THRESHOLD: '3',
        CRM_BREAKER_HALF_OPEN_MS: '1000',
        CRM_MAX_ATTEMPTS: '3',
        CRM_RETRY_BASE_DELAY_MS: '0',
        CRM_RETRY_MAX_DELAY_MS: '0',
      },
      users: ['alice'],
    }));
    t.crm.store.resetStats();
    await lookup();
    searchesPerLookup = t.crm.store.stats()['GET /api/contacts'];
  });
  afterAll(() => t.close());

  const lookup = () =>
    t.http.get(`/contact?jwtToken=${alice}&phoneNumber=+14155550100`).expect(200);
  const totalCalls = () => Object.values(t.crm.store.stats()).reduce((sum, n) => sum + n, 0);

  it('opens after repeated failures, fails fast without CRM calls, and recovers after the half-open period', async () => {
    t.crm.faults.set('GET /api/contacts', { status: 503 });
    t.crm.store.resetStats();
    const failing = await lookup();
    expect(failing.body.returnMessage.message).toBe('Sample CRM (API key) is unavailable');
    expect(totalCalls()).toBe(3);

    // Open: every route to that CRM fails at once, and the CRM sees nothing.
    t.crm.faults.clear();
    t.crm.store.resetStats();
    const refused = await lookup();
    expect(refused.body).toMatchObject({
      successful: false,
      returnMessage: { message: 'Sample CRM (API key) is unavailable', messageType: 'warning' },
    });
    const sessionId = uniqueSessionId();
    const notLogged = await t.http
      .post(`/callLog?jwtToken=${alice}`)
      .send(callLogBody({ sessionId }))
      .expect(200);
    expect(notLogged.body.successful).toBe(false);
    expect(totalCalls()).toBe(0);
    // Refused before the CRM was asked: the claim is released, nothing is left pending.
    expect(
      await t.dataSource.getRepository(CallLogMappingEntity).findOneBy({ sessionId }),
    ).toBeNull();

    // Half-open after 1 s: one probe goes through, succeeds, and closes the breaker.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const recovered = await lookup();
    expect(recovered.body.successful).toBe(true);
    expect(totalCalls()).toBe(searchesPerLookup);
    const logged = await t.http
      .post(`/callLog?jwtToken=${alice}`)
      .send(callLogBody({ sessionId }))
      .expect(200);
    expect(logged.body.successful).toBe(true);
  });
});
