import { callLogBody, uniqueSessionId } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';
import { startSignedInApp } from '../support/signed-in-app.js';
import { samplePlatformsUnderTest, type PlatformUnderTest } from '../support/platforms.js';

describe.each(samplePlatformsUnderTest())(
  'call logging: POST, GET and PATCH /callLog ($platform)',
  callLogging,
);

function callLogging(p: PlatformUnderTest): void {
  let t: TestApp;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    ({
      t,
      tokens: { alice, bob },
    } = await startSignedInApp({ users: ['alice', 'bob'], platform: p }));
  });
  afterAll(() => t.close());

  const post = (token: string, body: object) =>
    t.http.post('/callLog').set('authorization', `Bearer ${token}`).send(body).expect(200);
  const activitiesFor = (sessionId: string) =>
    t.crm.store.activities.filter((a) => a.externalId === sessionId);

  it('logs a call as one CRM activity and reports it matched', async () => {
    const sessionId = uniqueSessionId();
    const res = await post(alice, callLogBody({ sessionId }));
    expect(res.body).toEqual({
      successful: true,
      logId: expect.any(String),
      returnMessage: { message: 'Call log added', messageType: 'success', ttl: 2000 },
    });
    const [activity] = activitiesFor(sessionId);
    expect(String(activity.id)).toBe(res.body.logId);
    expect(activity).toMatchObject({
      type: 'call',
      contactId: 101,
      ownerId: 'u_alice',
      subject: 'Inbound Call from Jane Doe',
    });
    // Alice's zone is America/Los_Angeles: 2024-05-01T15:04:05Z is 08:04:05 AM there (PDT).
    expect(activity.body).toBe(
      [
        '- Note: Customer wants a renewal quote.',
        '- Summary: Inbound Call from Jane Doe',
        '- Date/Time: 2024-05-01 08:04:05 AM',
        '- Duration: 1 minute, 3 seconds',
        '- Result: Call connected',
        '- Call recording link: (pending...)',
        '',
      ].join('\n'),
    );
    expect(activity.body).not.toContain('RC-SECRET-TOKEN');

    const found = await t.http
      .get(`/callLog?jwtToken=${alice}&sessionIds=${sessionId},0,nope&requireDetails=false`)
      .expect(200);
    expect(found.body).toEqual({
      successful: true,
      logs: [
        { sessionId, matched: true, logId: res.body.logId, contact: { id: '101' } },
        { sessionId: '0', matched: false },
        { sessionId: 'nope', matched: false },
      ],
    });
  });

  it('answers a duplicate POST with the existing log and never writes a second activity', async () => {
    const sessionId = uniqueSessionId();
    const first = await post(alice, callLogBody({ sessionId }));
    const again = await post(alice, callLogBody({ sessionId }));
    expect(again.body).toEqual({
      successful: false,
      logId: first.body.logId,
      returnMessage: {
        message: `Existing log for session ${sessionId}`,
        messageType: 'warning',
        ttl: 3000,
      },
    });
    expect(activitiesFor(sessionId)).toHaveLength(1);
  });

  it('20 concurrent POSTs for one session create exactly one CRM activity', async () => {
    const sessionId = uniqueSessionId();
    const body = callLogBody({ sessionId });
    const replies = await Promise.all(Array.from({ length: 20 }, () => post(alice, body)));
    expect(activitiesFor(sessionId)).toHaveLength(1);
    const created = replies.filter((r) => r.body.successful);
    expect(created).toHaveLength(1);
    for (const reply of replies.filter((r) => !r.body.successful)) {
      expect(reply.body.returnMessage.message).toMatch(
        /^(Existing log for session|This call is already being logged)/,
      );
    }
  });

  it('releases the claim when the CRM write fails, so the retry succeeds', async () => {
    const sessionId = uniqueSessionId();
    // Until cleared: the retries of the create (it carries an idempotency key) fail too.
    t.crm.faults.set('POST /api/activities', { status: 500 });
    const failed = await post(alice, callLogBody({ sessionId }));
    t.crm.faults.clear();
    expect(failed.body).toMatchObject({
      successful: false,
      returnMessage: { message: `${p.displayName} is unavailable` },
    });
    expect(activitiesFor(sessionId)).toHaveLength(0);
    const retried = await post(alice, callLogBody({ sessionId }));
    expect(retried.body.successful).toBe(true);
    expect(activitiesFor(sessionId)).toHaveLength(1);
  });

  it('explains a missing contact id', async () => {
    const res = await post(alice, callLogBody({ contactId: undefined }));
    expect(res.body).toEqual({
      successful: false,
      returnMessage: {
        message: 'Contact not found for number +14155550100',
        messageType: 'warning',
        ttl: 3000,
      },
    });
  });

  it('reports a CRM rejection with the CRM message', async () => {
    const res = await post(alice, callLogBody({ contactId: '999999' }));
    expect(res.body.successful).toBe(false);
    expect(res.body.returnMessage.message).toBe(`${p.displayName} rejected the request`);
    expect(JSON.stringify(res.body.returnMessage.details)).toContain(
      'contact 999999 does not exist',
    );
  });

  it('updates the note in the CRM with PATCH, keeping the other sections and text the user added', async () => {
    const sessionId = uniqueSessionId();
    const { body } = await post(alice, callLogBody({ sessionId }));
    const activity = activitiesFor(sessionId)[0];
    // Someone edits the activity in the CRM itself.
    await fetch(`${t.crm.url}/api/activities/${activity.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sample-key-alice' },
      body: JSON.stringify({ body: `${activity.body}\nFollow up next week (typed in the CRM)` }),
    });
    const res = await t.http
      .patch(`/callLog?jwtToken=${alice}`)
      .send({ sessionId, note: 'Quote sent.', recordingLink: 'https://media.example/rec/1' })
      .expect(200);
    expect(res.body).toMatchObject({
      successful: true,
      logId: body.logId,
      returnMessage: { message: 'Call log updated' },
    });
    const updated = activitiesFor(sessionId)[0].body;
    expect(updated.split('\n')[0]).toBe('- Note: Quote sent.');
    expect(updated).toContain('- Call recording link: https://media.example/rec/1');
    expect(updated).toContain('- Duration: 1 minute, 3 seconds');
    expect(updated).toContain('Follow up next week (typed in the CRM)');
    expect(updated).not.toContain('Customer wants a renewal quote.');

    const details = await t.http
      .get(`/callLog?jwtToken=${alice}&sessionIds=${sessionId}&requireDetails=true`)
      .expect(200);
    expect(details.body.logs[0].logData).toEqual({
      subject: 'Inbound Call from Jane Doe',
      note: 'Quote sent.',
      dispositions: {},
    });
  });

  it('explains a PATCH for a call that was never logged', async () => {
    const res = await t.http
      .patch(`/callLog?jwtToken=${alice}`)
      .send({ sessionId: uniqueSessionId(), note: 'x' })
      .expect(200);
    expect(res.body).toEqual({
      successful: false,
      returnMessage: {
        message: 'No call log found for this call. Log it first.',
        messageType: 'warning',
        ttl: 3000,
      },
    });
  });

  it("keeps Bob out of Alice's call logs", async () => {
    const sessionId = uniqueSessionId();
    const { body } = await post(alice, callLogBody({ sessionId }));
    const seen = await t.http.get(`/callLog?jwtToken=${bob}&sessionIds=${sessionId}`).expect(200);
    expect(seen.body.logs).toEqual([{ sessionId, matched: false }]);
    const patched = await t.http
      .patch(`/callLog?jwtToken=${bob}`)
      .send({ sessionId, note: 'Bob was here' })
      .expect(200);
    expect(patched.body.successful).toBe(false);
    expect(activitiesFor(sessionId)[0].body).not.toContain('Bob was here');
    // Bob logging the same session id is his own call record, not a duplicate of Alice's.
    const bobs = await post(bob, callLogBody({ sessionId }));
    expect(bobs.body.successful).toBe(true);
    expect(bobs.body.logId).not.toBe(body.logId);
  });

  it('lets both parties of an internal call log the same session (extension keys)', async () => {
    const sessionId = uniqueSessionId();
    const a = await t.http
      .post(`/callLog?jwtToken=${alice}`)
      .set('rc-extension-id', 'hash-ext-1')
      .send(callLogBody({ sessionId }))
      .expect(200);
    const b = await t.http
      .post(`/callLog?jwtToken=${alice}`)
      .set('rc-extension-id', 'hash-ext-2')
      .send(callLogBody({ sessionId }))
      .expect(200);
    expect(a.body.successful && b.body.successful).toBe(true);
    expect(activitiesFor(sessionId)).toHaveLength(2);
  });

  it.each([
    [{ contactId: '101' }, 'logInfo is required'],
    [{ logInfo: 'x' }, 'logInfo must be an object'],
    [callLogBody({ sessionId: '0' }), 'logInfo.sessionId must not be 0'],
    [callLogBody({ logInfo: { sessionId: '' } }), 'logInfo.sessionId'],
    [
      callLogBody({ direction: 'Sideways' as never }),
      'logInfo.direction must be Inbound or Outbound',
    ],
    [
      callLogBody({ logInfo: { startTime: 'yesterday' } }),
      'logInfo.startTime must be epoch milliseconds or an ISO-8601 time',
    ],
    [callLogBody({ logInfo: { duration: -1 } }), 'logInfo.duration must not be negative'],
    [callLogBody({ note: 42 as never }), 'note must be a string'],
    [callLogBody({ note: 'x'.repeat(600_000), transcript: 'y'.repeat(600_000) }), 'at most 1 MB'],
  ])('refuses a malformed body (%#) with a 400 and writes nothing', async (body, message) => {
    const before = t.crm.store.activities.length;
    const res = await t.http.post(`/callLog?jwtToken=${alice}`).send(body).expect(400);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain(message);
    expect(t.crm.store.activities.length).toBe(before);
  });

  it('accepts numeric ids, numeric-string times and ISO times', async () => {
    const sessionId = uniqueSessionId();
    const res = await post(
      alice,
      callLogBody({
        contactId: 101,
        logInfo: {
          sessionId: Number(sessionId.slice(0, 12)) as unknown as string,
          startTime: '2024-05-01T15:04:05Z',
          duration: '63',
        },
      }),
    );
    expect(res.body.successful).toBe(true);
  });

  it('400s GET /callLog without sessionIds', async () => {
    const res = await t.http.get(`/callLog?jwtToken=${alice}`).expect(400);
    expect(res.text).toContain('sessionIds is required');
  });
}
