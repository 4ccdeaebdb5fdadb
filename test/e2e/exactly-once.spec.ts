import { CallLogMappingEntity } from '../../src/call-logs/call-log-mapping.entity.js';
import { MessageLogGroupEntity } from '../../src/message-logs/message-log-group.entity.js';
import {
  callLogBody,
  messageLogBody,
  smsMessage,
  uniqueConversationId,
  uniqueSessionId,
} from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';
import { startSignedInApp } from '../support/signed-in-app.js';

/**
 * A CRM write that times out after the CRM stored it (the answer is lost, the activity exists)
 * must not become two activities when the client retries: not while the claim is held, and not
 * after it expired (the retry sends the same idempotency key and gets the stored activity back).
 * Short budget and claim lifetimes, so the test can wait them out.
 */
describe('nothing doubled: writes that time out after the CRM stored them', () => {
  let t: TestApp;
  let alice: string;

  beforeAll(async () => {
    ({
      t,
      tokens: { alice },
    } = await startSignedInApp({
      env: {
        CRM_TIMEOUT_MS: '1000',
        CALL_LOG_CLAIM_TTL_SECONDS: '2',
        MESSAGE_LOG_LOCK_TTL_SECONDS: '2',
      },
      users: ['alice'],
    }));
  });
  afterAll(() => t.close());
  beforeEach(() => t.crm.store.resetStats());
  afterEach(() => t.crm.faults.clear());

  const creates = () => t.crm.store.stats()['POST /api/activities'] ?? 0;
  const waitUntil = async (at: Date) => {
    const ms = at.getTime() - Date.now() + 50;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  };
  const storedThenSlow = () =>
    t.crm.faults.set('POST /api/activities', { failNext: 1, afterHandler: true, latencyMs: 1500 });

  it('call log: "already being logged" while the claim is held, then the stored activity', async () => {
    const sessionId = uniqueSessionId();
    const logCall = () =>
      t.http.post(`/callLog?jwtToken=${alice}`).send(callLogBody({ sessionId })).expect(200);
    const activities = () => t.crm.store.activities.filter((a) => a.externalId === sessionId);
    const rows = t.dataSource.getRepository(CallLogMappingEntity);

    storedThenSlow();
    const timedOut = await logCall();
    expect(timedOut.body).toMatchObject({
      successful: false,
      returnMessage: { message: 'The CRM did not respond in time', messageType: 'warning' },
    });
    expect(activities()).toHaveLength(1);
    const claim = await rows.findOneByOrFail({ sessionId });
    expect(claim).toMatchObject({ status: 'pending', crmLogId: null });

    const immediate = await logCall();
    expect(immediate.body).toEqual({
      successful: false,
      returnMessage: {
        message: 'This call is already being logged',
        messageType: 'warning',
        ttl: 3000,
      },
    });
    expect(creates()).toBe(1);
    const lookup = await t.http
      .get(`/callLog?jwtToken=${alice}&sessionIds=${sessionId}&requireDetails=false`)
      .expect(200);
    expect(lookup.body.logs).toEqual([{ sessionId, matched: false }]);

    await waitUntil(claim.claimExpiresAt!);
    const retried = await logCall();
    expect(retried.body).toMatchObject({ successful: true, logId: String(activities()[0].id) });
    expect(activities()).toHaveLength(1);
    expect(creates()).toBe(2);
    expect(await rows.findBy({ sessionId })).toEqual([
      expect.objectContaining({
        status: 'logged',
        crmLogId: retried.body.logId,
        claimToken: null,
      }),
    ]);
    expect((await logCall()).body).toMatchObject({
      successful: false,
      logId: retried.body.logId,
      returnMessage: { message: `Existing log for session ${sessionId}` },
    });
  });

  it('message log: after the day’s lock expired, the retry records the stored activity', async () => {
    const conversationId = uniqueConversationId();
    const message = smsMessage();
    const body = messageLogBody({ conversationId, messages: [message] });
    const activities = () =>
      t.crm.store.activities.filter((a) => a.externalId?.startsWith(`${conversationId}-`));
    const groups = t.dataSource.getRepository(MessageLogGroupEntity);

    storedThenSlow();
    const timedOut = await t.http.post(`/messageLog?jwtToken=${alice}`).send(body).expect(200);
    expect(timedOut.body.returnMessage.message).toBe('The CRM did not respond in time');
    expect(activities()).toHaveLength(1);
    const group = await groups.findOneByOrFail({ groupKey: body.logInfo.conversationLogId });
    expect(group).toMatchObject({ crmLogId: null, claimToken: expect.any(String) });

    await waitUntil(group.claimExpiresAt!);
    const retried = await t.http.post(`/messageLog?jwtToken=${alice}`).send(body).expect(200);
    expect(retried.body).toMatchObject({ successful: true, logIds: [message.id] });
    expect(activities()).toHaveLength(1);
    expect(creates()).toBe(2);
    expect(await groups.findOneByOrFail({ id: group.id })).toMatchObject({
      crmLogId: String(activities()[0].id),
      claimToken: null,
    });
  });
});
