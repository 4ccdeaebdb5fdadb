import { callLogBody, uniqueSessionId } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';
import { startSignedInApp } from '../support/signed-in-app.js';

/**
 * Session ids that differ only by case are different calls, on every database (MySQL's default
 * collation once folded them together: issue 11 §2).
 */
describe('call session ids are case-exact through the HTTP API', () => {
  let t: TestApp;
  let alice: string;

  beforeAll(async () => {
    ({
      t,
      tokens: { alice },
    } = await startSignedInApp({ users: ['alice'] }));
  });
  afterAll(() => t.close());

  const logCall = async (sessionId: string) =>
    (await t.http.post(`/callLog?jwtToken=${alice}`).send(callLogBody({ sessionId })).expect(200))
      .body;
  const activitiesFor = (sessionId: string) =>
    t.crm.store.activities.filter((a) => a.externalId === sessionId);
  /** Two session ids equal up to case, unique to one test. */
  const pair = () => {
    const prefix = uniqueSessionId();
    return [`${prefix}CkAbXY`, `${prefix}CkAbxy`] as const;
  };

  it('logs two session ids that differ only by case as two CRM activities', async () => {
    const [upper, lower] = pair();
    const first = await logCall(upper);
    const second = await logCall(lower);
    expect(first).toMatchObject({ successful: true });
    expect(second).toMatchObject({ successful: true });
    expect(second.logId).not.toBe(first.logId);
    expect(activitiesFor(upper).map((a) => String(a.id))).toEqual([first.logId]);
    expect(activitiesFor(lower).map((a) => String(a.id))).toEqual([second.logId]);

    const found = await t.http
      .get(`/callLog?jwtToken=${alice}&sessionIds=${upper},${lower}&requireDetails=false`)
      .expect(200);
    expect(found.body.logs).toEqual([
      { sessionId: upper, matched: true, logId: first.logId, contact: { id: '101' } },
      { sessionId: lower, matched: true, logId: second.logId, contact: { id: '101' } },
    ]);
  });

  it('PATCH /callLog with a never-logged case variant changes nothing', async () => {
    const [upper, lower] = pair();
    await logCall(upper);
    const before = activitiesFor(upper)[0].body;
    const res = await t.http
      .patch(`/callLog?jwtToken=${alice}`)
      .send({ sessionId: lower, note: 'Written to the wrong call' })
      .expect(200);
    expect(res.body).toMatchObject({
      successful: false,
      returnMessage: { message: 'No call log found for this call. Log it first.' },
    });
    expect(activitiesFor(upper)[0].body).toBe(before);
    expect(activitiesFor(lower)).toHaveLength(0);
  });

  it('PUT /callDisposition with a never-logged case variant changes nothing', async () => {
    const [upper, lower] = pair();
    await logCall(upper);
    const res = await t.http
      .put(`/callDisposition?jwtToken=${alice}`)
      .send({ sessionId: lower, dispositions: { outcome: 'follow-up' } })
      .expect(200);
    expect(res.body).toMatchObject({
      successful: false,
      returnMessage: { message: 'Cannot find log' },
    });
    expect(activitiesFor(upper)[0]).not.toHaveProperty('fields');
  });
});
