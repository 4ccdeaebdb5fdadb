import { CallLogMappingEntity } from '../../src/call-logs/call-log-mapping.entity.js';
import { callLogBody, loginWithApiKey, uniqueSessionId } from '../support/factories.js';
import { metricSample } from '../support/prometheus-text.js';
import { startTestApp } from '../support/test-app.js';

/**
 * The bridge's own concurrency limit towards a CRM (its bulkhead), one slot here: a write waits for
 * a slot while the request's budget allows, and one that cannot get a slot is told the server is
 * busy (not that the CRM rate-limited), counted apart from the CRM's refusals.
 */
const ACTIVITIES = 'POST /api/activities';

async function setUp(env: Record<string, string>) {
  const t = await startTestApp({
    env: { CRM_MAX_CONCURRENT: '1', CRM_MAX_ATTEMPTS: '1', ...env },
  });
  const token = await loginWithApiKey(t.http, 'alice');
  const logCall = (sessionId: string) =>
    t.http.post(`/callLog?jwtToken=${token}`).send(callLogBody({ sessionId })).expect(200);
  const activitiesFor = (sessionId: string) =>
    t.crm.store.activities.filter((a) => a.externalId === sessionId);
  return { t, logCall, activitiesFor };
}

describe('CRM bulkhead: a write waits for a slot within its budget', () => {
  let s: Awaited<ReturnType<typeof setUp>>;

  beforeAll(async () => {
    // An attempt may take 2.5 s (1.7 s more than the CRM's latency below: CI runs this beside
    // the database suites); the request's budget is 12 s.
    s = await setUp({
      CRM_TIMEOUT_MS: '12000',
      CRM_ATTEMPT_TIMEOUT_MS: '2500',
      CRM_MAX_QUEUED: '10',
    });
  });
  afterAll(() => s.t.close());

  it('logs every call of a burst that queues longer than one attempt may take', async () => {
    s.t.crm.faults.set(ACTIVITIES, { latencyMs: 800 });
    const ids = Array.from({ length: 5 }, () => uniqueSessionId());
    // The fifth write waits about 3.2 s for the one slot: longer than an attempt, within budget.
    const replies = await Promise.all(ids.map((id) => s.logCall(id)));
    s.t.crm.faults.clear();
    for (const reply of replies) expect(reply.body).toMatchObject({ successful: true });
    for (const id of ids) expect(s.activitiesFor(id)).toHaveLength(1);
  });
});

describe('CRM bulkhead: a write that cannot get a slot is told the server is busy', () => {
  let s: Awaited<ReturnType<typeof setUp>>;

  beforeAll(async () => {
    s = await setUp({ CRM_MAX_QUEUED: '0' });
  });
  afterAll(() => s.t.close());

  it('answers SERVER_BUSY with Retry-After, writes nothing, and counts a bulkhead refusal', async () => {
    s.t.crm.faults.set(ACTIVITIES, { latencyMs: 500 });
    const [held, refusedId] = [uniqueSessionId(), uniqueSessionId()];
    const first = s.logCall(held).then((reply) => reply);
    // The first write holds the only slot (its CRM call has arrived) when the second comes.
    while ((s.t.crm.store.stats()[ACTIVITIES] ?? 0) < 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const refused = await s.logCall(refusedId);
    expect((await first).body).toMatchObject({ successful: true });
    s.t.crm.faults.clear();

    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body).toMatchObject({
      successful: false,
      errorCode: 'SERVER_BUSY',
      returnMessage: { message: 'Server busy', messageType: 'warning' },
    });
    expect(JSON.stringify(refused.body)).not.toMatch(/rate limit/i);
    expect(s.activitiesFor(refusedId)).toHaveLength(0);
    // Nothing was sent: the claim is released and the client's retry logs the call once.
    expect(
      await s.t.dataSource.getRepository(CallLogMappingEntity).findOneBy({ sessionId: refusedId }),
    ).toBeNull();
    expect((await s.logCall(refusedId)).body).toMatchObject({ successful: true });
    expect(s.activitiesFor(refusedId)).toHaveLength(1);

    const metrics = (await s.t.http.get('/metrics').expect(200)).text;
    const provider = { provider: 'sample-crm-apikey' };
    expect(metricSample(metrics, 'crm_bridge_crm_bulkhead_refusals_total', provider)).toBe(1);
    expect(
      metricSample(metrics, 'crm_bridge_crm_call_errors_total', { ...provider, code: 'BUSY' }),
    ).toBe(1);
    expect(
      metricSample(metrics, 'crm_bridge_crm_call_errors_total', {
        ...provider,
        code: 'RATE_LIMITED',
      }),
    ).toBeUndefined();
  });
});
