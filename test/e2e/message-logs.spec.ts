import { MessageLogGroupEntity } from '../../src/message-logs/message-log-group.entity.js';
import {
  messageLogBody,
  smsMessage,
  uniqueConversationId,
  uniqueMessageId,
} from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';
import { startSignedInApp } from '../support/signed-in-app.js';
import { samplePlatformsUnderTest, type PlatformUnderTest } from '../support/platforms.js';

describe.each(samplePlatformsUnderTest())(
  'message logging: POST /messageLog and /messageLog/match ($platform)',
  messageLogging,
);

function messageLogging(p: PlatformUnderTest): void {
  let t: TestApp;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    // A short CRM budget, so a test can make the CRM overrun it.
    ({
      t,
      tokens: { alice, bob },
    } = await startSignedInApp({
      env: { CRM_TIMEOUT_MS: '1000' },
      users: ['alice', 'bob'],
      platform: p,
    }));
  });
  afterAll(() => t.close());
  afterEach(() => t.crm.faults.clear());

  const post = (token: string, body: object) =>
    t.http.post(`/messageLog?jwtToken=${token}`).send(body).expect(200);
  const match = (token: string, body: object) =>
    t.http.post('/messageLog/match').set('authorization', `Bearer ${token}`).send(body);
  const activitiesOf = (conversationId: string) =>
    t.crm.store.activities.filter((a) => a.externalId?.startsWith(`${conversationId}-`));
  const writes = () => {
    const stats = t.crm.store.stats();
    return (stats['POST /api/activities'] ?? 0) + (stats['PATCH /api/activities/:id'] ?? 0);
  };

  describe('one CRM activity per conversation per day', () => {
    const conversationId = uniqueConversationId();
    const day1 = (messages: unknown[]) => messageLogBody({ conversationId, messages });
    const first = smsMessage({ text: 'Hi, can you call me back?', at: '2024-05-01T15:04:05Z' });
    const second = smsMessage({
      direction: 'Outbound',
      text: 'Sure, in 5 minutes.',
      at: '2024-05-01T15:05:00Z',
    });
    const third = smsMessage({ text: 'Thanks!', at: '2024-05-01T20:00:00Z' });
    const nextDay = smsMessage({ text: 'Good morning', at: '2024-05-02T16:00:00Z' });
    let activityId: number;

    it('logs two SMS of one day as one activity holding both, oldest first', async () => {
      const res = await post(alice, day1([second, first]));
      expect(res.body).toEqual({
        successful: true,
        logIds: [first.id, second.id],
        returnMessage: { message: 'Message log added', messageType: 'success', ttl: 2000 },
      });
      const [activity, ...others] = activitiesOf(conversationId);
      expect(others).toEqual([]);
      activityId = activity.id;
      expect(activity).toMatchObject({
        type: 'sms',
        contactId: 101,
        ownerId: 'u_alice',
        subject: 'SMS conversation with Jane Doe - 2024-05-01',
        externalId: `${conversationId}-2024-05-01`,
        occurredAt: '2024-05-01T15:04:05.000Z',
      });
      // Alice's zone is America/Los_Angeles (PDT, UTC-7).
      expect(activity.body).toBe(
        [
          '- Participants: Jane Doe (+14155550100), Alice Example',
          '- Messages: 2',
          '- Conversation:',
          '2024-05-01 08:04:05 AM Jane Doe: Hi, can you call me back?',
          '2024-05-01 08:05:00 AM Alice Example: Sure, in 5 minutes.',
          '--- END',
          '',
        ].join('\n'),
      );
    });

    it('appends a later message of that day to the same activity', async () => {
      const res = await post(alice, day1([third, second, first]));
      expect(res.body).toMatchObject({ successful: true, logIds: [third.id] });
      const [activity, ...others] = activitiesOf(conversationId);
      expect(others).toEqual([]);
      expect(activity.id).toBe(activityId);
      expect(activity.body).toContain('- Messages: 3\n');
      expect(activity.body).toMatch(
        /Sure, in 5 minutes\.\n2024-05-01 01:00:00 PM Jane Doe: Thanks!\n--- END\n$/,
      );
    });

    it('starts a new activity the next day', async () => {
      const res = await post(
        alice,
        messageLogBody({ conversationId, day: '2024-05-02', messages: [nextDay] }),
      );
      expect(res.body).toMatchObject({ successful: true, logIds: [nextDay.id] });
      const activities = activitiesOf(conversationId);
      expect(activities).toHaveLength(2);
      expect(activities[1]).toMatchObject({
        subject: 'SMS conversation with Jane Doe - 2024-05-02',
        externalId: `${conversationId}-2024-05-02`,
      });
      expect(activities[1].body).toContain('Good morning');
      expect(activities[0].body).not.toContain('Good morning');
    });

    it('writes nothing to the CRM when any of those requests is replayed', async () => {
      const before = JSON.stringify(activitiesOf(conversationId));
      const writesBefore = writes();
      for (const body of [
        day1([second, first]),
        day1([third, second, first]),
        messageLogBody({ conversationId, day: '2024-05-02', messages: [nextDay] }),
      ]) {
        const res = await post(alice, body);
        expect(res.body).toEqual({ successful: true, logIds: [] });
      }
      expect(writes()).toBe(writesBefore);
      expect(JSON.stringify(activitiesOf(conversationId))).toBe(before);
    });

    it('answers which messages are logged, and where', async () => {
      const unknown = uniqueMessageId();
      const res = await match(alice, {
        conversationId,
        messageIds: [first.id, Number(second.id), unknown, first.id],
      }).expect(200);
      expect(res.body).toEqual({
        successful: true,
        messageLogs: { [first.id]: String(activityId), [second.id]: String(activityId) },
        logs: [
          { messageId: first.id, matched: true, logId: String(activityId), contactId: '101' },
          { messageId: second.id, matched: true, logId: String(activityId), contactId: '101' },
          { messageId: unknown, matched: false },
        ],
      });
      const bobs = await match(bob, { messageIds: [first.id] }).expect(200);
      expect(bobs.body.logs).toEqual([{ messageId: first.id, matched: false }]);
    });
  });

  it('20 racing requests for a new conversation-day make one activity holding each message once', async () => {
    const conversationId = uniqueConversationId();
    const shared = smsMessage({ text: 'in every request' });
    const bodies = Array.from({ length: 20 }, (_, i) =>
      messageLogBody({
        conversationId,
        messages: [
          shared,
          smsMessage({
            text: `only in request ${i}`,
            at: `2024-05-01T16:${String(i).padStart(2, '0')}:00Z`,
          }),
        ],
      }),
    );
    const replies = await Promise.all(bodies.map((body) => post(alice, body)));
    const activities = activitiesOf(conversationId);
    expect(activities).toHaveLength(1);
    for (const reply of replies) expect(reply.body.successful).toBe(true);
    const logged = replies.flatMap((reply) => reply.body.logIds as string[]);
    expect(logged.filter((id) => id === shared.id)).toHaveLength(1);
    expect(logged).toHaveLength(21);
    const body = activities[0].body;
    expect(body.match(/in every request/g)).toHaveLength(1);
    for (let i = 0; i < 20; i += 1)
      expect(body.match(new RegExp(`only in request ${i}\\n`, 'g'))).toHaveLength(1);
    expect(body).toContain('- Messages: 21\n');
  });

  it('20 identical racing requests log the day once', async () => {
    const body = messageLogBody({
      messages: [smsMessage(), smsMessage({ direction: 'Outbound' })],
    });
    const replies = await Promise.all(Array.from({ length: 20 }, () => post(alice, body)));
    expect(activitiesOf(body.logInfo.conversationId)).toHaveLength(1);
    const winners = replies.filter((reply) => reply.body.logIds.length > 0);
    expect(winners).toHaveLength(1);
    for (const reply of replies) expect(Array.isArray(reply.body.logIds)).toBe(true);
  });

  it('narrows to selectedMessageIds, and explains an empty request or a missing contact', async () => {
    const [a, b] = [smsMessage(), smsMessage({ at: '2024-05-01T16:00:00Z' })];
    const selected = await post(
      alice,
      messageLogBody({ messages: [a, b], selectedMessageIds: [Number(b.id)] }),
    );
    expect(selected.body.logIds).toEqual([b.id]);
    const noMessage = { message: 'No message to log.', messageType: 'warning', ttl: 3000 };
    for (const body of [
      messageLogBody({ messages: [] }),
      messageLogBody({ messages: [a], selectedMessageIds: ['not-in-request'] }),
    ]) {
      expect((await post(alice, body)).body).toEqual({
        successful: false,
        returnMessage: noMessage,
      });
    }
    const noContact = await post(alice, messageLogBody({ contactId: undefined }));
    expect(noContact.body).toEqual({
      successful: false,
      returnMessage: {
        message: 'Contact not found for number +14155550100',
        messageType: 'warning',
        ttl: 3000,
      },
    });
  });

  it('logs a group SMS once per selected contact, each with its own activity', async () => {
    const conversationId = uniqueConversationId();
    const correspondents = [
      { phoneNumber: '+14155550100', name: 'Jane Doe' },
      { phoneNumber: '+14155550123' },
    ];
    const messages = [
      smsMessage({ text: 'hello all' }),
      smsMessage({
        text: 'from Ana',
        from: { phoneNumber: '+14155550123' },
        at: '2024-05-01T15:06:00Z',
      }),
    ];
    const forJane = await post(
      alice,
      messageLogBody({ conversationId, messages, logInfo: { correspondents } }),
    );
    const forAna = await post(
      alice,
      messageLogBody({
        conversationId,
        messages,
        logInfo: { correspondents },
        contactId: '103',
        contactName: 'Ana Lima',
      }),
    );
    expect(forJane.body.logIds).toEqual(messages.map((m) => m.id));
    expect(forAna.body.logIds).toEqual(messages.map((m) => m.id));
    const activities = activitiesOf(conversationId);
    expect(activities.map((a) => [a.contactId, a.externalId])).toEqual([
      [101, `${conversationId}-2024-05-01-101`],
      [103, `${conversationId}-2024-05-01-103`],
    ]);
    expect(activities[1].body).toContain(
      '- Participants: Ana Lima, Jane Doe, +14155550123, Alice Example',
    );
    expect(activities[1].body).toContain('08:06:00 AM +14155550123: from Ana');
    const again = await post(
      alice,
      messageLogBody({ conversationId, messages, logInfo: { correspondents } }),
    );
    expect(again.body.logIds).toEqual([]);
    const matched = await match(alice, { messageIds: [messages[0].id] }).expect(200);
    expect(matched.body.logs[0]).toMatchObject({
      matched: true,
      contactId: expect.stringMatching(/^10[13]$/),
    });
  });

  it('rewrites a shared-inbox digest whole, with owner, assignee and each agent', async () => {
    const conversationId = uniqueConversationId();
    const logInfo = { owner: { name: 'Support queue' }, assignee: { name: 'Agent Smith' } };
    const question = smsMessage({ text: 'Is my order shipped?' });
    const reply = smsMessage({
      direction: 'Outbound',
      text: 'Yes, today.',
      author: { name: 'Agent Smith' },
      at: '2024-05-01T15:30:00Z',
    });
    await post(alice, messageLogBody({ conversationId, logInfo, messages: [question] }));
    const [created] = activitiesOf(conversationId);
    // A user edit in the CRM: shared digests are rewritten whole (docs/client-contract.md, Message logs).
    t.crm.store.updateActivity(created.id, { body: `${created.body}edited in the CRM\n` });
    const res = await post(
      alice,
      messageLogBody({ conversationId, logInfo, messages: [question, reply] }),
    );
    expect(res.body.logIds).toEqual([reply.id]);
    const [activity, ...others] = activitiesOf(conversationId);
    expect(others).toEqual([]);
    expect(activity.body).toBe(
      [
        '- Participants: Jane Doe (+14155550100), Agent Smith',
        '- Owner: Support queue',
        '- Assignee: Agent Smith',
        '- Messages: 2',
        '- Conversation:',
        '2024-05-01 08:04:05 AM Jane Doe: Is my order shipped?',
        '2024-05-01 08:30:00 AM Agent Smith: Yes, today.',
        '--- END',
        '',
      ].join('\n'),
    );
  });

  it('links MMS media, fax documents and voicemail recordings without RingCentral tokens', async () => {
    const mms = smsMessage({
      type: 'MMS',
      text: 'photo attached',
      attachments: [
        {
          id: '1',
          uri: 'https://media.ringcentral.com/restapi/v1.0/account/1/extension/1/message-store/1/content/1',
          type: 'MmsAttachment',
          contentType: 'image/png',
          link: 'https://media.example/view/1?access_token=RC-SECRET-TOKEN&size=large',
        },
      ],
    });
    const fax = smsMessage({
      type: 'Fax',
      text: '',
      attachments: [
        {
          type: 'RenderedDocument',
          contentType: 'application/pdf',
          link: 'https://app.example/fax/9?accessToken=RC-SECRET-TOKEN',
        },
      ],
    });
    const voicemail = smsMessage({
      type: 'VoiceMail',
      text: '',
      attachments: [
        { type: 'AudioRecording', contentType: 'audio/mpeg', link: 'https://app.example/vm/7' },
      ],
    });
    const sms = await post(alice, messageLogBody({ messages: [mms] }));
    const faxed = await post(alice, messageLogBody({ messages: [fax], logInfo: { type: 'Fax' } }));
    const left = await post(
      alice,
      messageLogBody({ messages: [voicemail], logInfo: { type: 'VoiceMail' } }),
    );
    for (const res of [sms, faxed, left]) expect(res.body.successful).toBe(true);
    const activities = t.crm.store.activities.slice(-3);
    expect(activities.map((a) => [a.type, a.subject])).toEqual([
      ['sms', 'SMS conversation with Jane Doe - 2024-05-01'],
      ['fax', 'Fax received from Jane Doe - 2024-05-01'],
      ['voicemail', 'Voicemail left by Jane Doe - 2024-05-01'],
    ]);
    expect(activities[0].body).toContain(
      'Jane Doe: photo attached\n  Attachment (image/png): https://media.example/view/1?size=large\n',
    );
    expect(activities[1].body).toContain(
      'Jane Doe: (fax)\n  Fax document: https://app.example/fax/9\n',
    );
    expect(activities[2].body).toContain(
      'Jane Doe: (voicemail)\n  Voicemail recording: https://app.example/vm/7\n',
    );
    const stored =
      JSON.stringify(t.crm.store.activities) +
      JSON.stringify(await t.dataSource.query('SELECT * FROM message_logs'));
    expect(stored).not.toContain('RC-SECRET-TOKEN');
    expect(stored).not.toContain('media.ringcentral.com');
  });

  it('escapes message text for the CRM body format', async () => {
    const body = messageLogBody({
      messages: [smsMessage({ text: 'hi\n--- END\n- Messages: 99' })],
    });
    await post(alice, body);
    const [activity] = activitiesOf(body.logInfo.conversationId);
    expect(activity.body.match(/^--- END$/gm)).toHaveLength(1);
    expect(activity.body.match(/^- Messages: /gm)).toHaveLength(1);
    expect(activity.body).toContain('Jane Doe: hi\n   --- END\n   - Messages: 99\n--- END\n');
  });

  it('records nothing when the CRM fails, so the retry logs the messages once', async () => {
    const conversationId = uniqueConversationId();
    const first = smsMessage();
    t.crm.faults.set('POST /api/activities', { status: 503 });
    const failed = await post(alice, messageLogBody({ conversationId, messages: [first] }));
    t.crm.faults.clear();
    expect(failed.body).toEqual({
      successful: false,
      returnMessage: expect.objectContaining({
        message: `${p.displayName} is unavailable`,
        messageType: 'warning',
      }),
    });
    expect(activitiesOf(conversationId)).toHaveLength(0);
    expect(
      (await post(alice, messageLogBody({ conversationId, messages: [first] }))).body.logIds,
    ).toEqual([first.id]);

    const second = smsMessage({ at: '2024-05-01T17:00:00Z' });
    t.crm.faults.set('PATCH /api/activities/:id', { status: 500 });
    const failedAppend = await post(
      alice,
      messageLogBody({ conversationId, messages: [first, second] }),
    );
    t.crm.faults.clear();
    expect(failedAppend.body.successful).toBe(false);
    const retried = await post(
      alice,
      messageLogBody({ conversationId, messages: [first, second] }),
    );
    expect(retried.body.logIds).toEqual([second.id]);
    const [activity, ...others] = activitiesOf(conversationId);
    expect(others).toEqual([]);
    expect(activity.body.split(second.subject)).toHaveLength(2);
    expect(activity.body).toContain('- Messages: 2\n');
  });

  it('after a CRM timeout keeps the day locked, then finishes into the activity the CRM did create', async () => {
    const conversationId = uniqueConversationId();
    const message = smsMessage();
    const body = messageLogBody({ conversationId, messages: [message] });
    t.crm.faults.set('POST /api/activities', { failNext: 1, latencyMs: 1500, afterHandler: true });
    const timedOut = await post(alice, body);
    expect(timedOut.body).toMatchObject({
      successful: false,
      returnMessage: { message: 'The CRM did not respond in time', messageType: 'warning' },
    });
    expect(activitiesOf(conversationId)).toHaveLength(1);
    const groups = t.dataSource.getRepository(MessageLogGroupEntity);
    const group = await groups.findOneByOrFail({ groupKey: body.logInfo.conversationLogId });
    expect(group.claimToken).not.toBeNull();
    expect(group.crmLogId).toBeNull();

    // Two minutes later the claim has expired; the retry's create reuses the idempotency key.
    await groups.update({ id: group.id }, { claimExpiresAt: new Date(Date.now() - 1000) });
    const retried = await post(alice, body);
    expect(retried.body.logIds).toEqual([message.id]);
    expect(activitiesOf(conversationId)).toHaveLength(1);
    expect((await groups.findOneByOrFail({ id: group.id })).crmLogId).toBe(
      String(activitiesOf(conversationId)[0].id),
    );
  });

  it('releases the day at once when only the read of the activity timed out', async () => {
    const conversationId = uniqueConversationId();
    const first = smsMessage();
    await post(alice, messageLogBody({ conversationId, messages: [first] }));
    const second = smsMessage({ at: '2024-05-01T17:00:00Z' });
    t.crm.faults.set('GET /api/activities/:id', { failNext: 1, latencyMs: 1500 });
    const timedOut = await post(
      alice,
      messageLogBody({ conversationId, messages: [first, second] }),
    );
    expect(timedOut.body.returnMessage.message).toBe('The CRM did not respond in time');
    const started = Date.now();
    const retried = await post(
      alice,
      messageLogBody({ conversationId, messages: [first, second] }),
    );
    expect(retried.body.logIds).toEqual([second.id]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("keeps users apart: Bob's log of the same conversation is his own", async () => {
    const body = messageLogBody();
    const alices = await post(alice, body);
    const bobs = await post(bob, body);
    expect(bobs.body.logIds).toEqual(alices.body.logIds);
    const activities = activitiesOf(body.logInfo.conversationId);
    expect(activities.map((a) => a.ownerId)).toEqual(['u_alice', 'u_bob']);
  });

  it.each([
    [{ contactId: '101' }, 'logInfo is required'],
    [{ logInfo: [] }, 'logInfo must be an object'],
    [messageLogBody({ messages: 'x' as never }), 'logInfo.messages must be an array'],
    [messageLogBody({ logInfo: { messages: undefined } }), 'logInfo.messages is required'],
    [
      messageLogBody({ logInfo: { conversationLogId: 7 } }),
      'logInfo.conversationLogId must be a string',
    ],
    [
      messageLogBody({ messages: [smsMessage({ id: '12-34' })] }),
      'logInfo.messages.0.id must be letters, digits',
    ],
    [
      messageLogBody({ messages: [smsMessage({ id: { x: 1 } as never })] }),
      'logInfo.messages.0.id must be a string or number',
    ],
    [
      messageLogBody({ messages: [smsMessage({ direction: 'Up' as never })] }),
      'logInfo.messages.0.direction must be Inbound or Outbound',
    ],
    [
      messageLogBody({ messages: [smsMessage({ at: 'noon' })] }),
      'logInfo.messages.0.creationTime must be epoch milliseconds or an ISO-8601 time',
    ],
    [messageLogBody({ selectedMessageIds: 'x' }), 'selectedMessageIds must be an array'],
    [
      messageLogBody({ selectedMessageIds: [{}] }),
      'selectedMessageIds must hold strings or numbers',
    ],
  ])('refuses a malformed body (%#) with a 400 and writes nothing', async (body, message) => {
    const before = t.crm.store.activities.length;
    const res = await t.http.post(`/messageLog?jwtToken=${alice}`).send(body).expect(400);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain(message);
    expect(t.crm.store.activities.length).toBe(before);
  });

  it('refuses a match for more than 500 ids, or without ids', async () => {
    const ids = Array.from({ length: 501 }, (_, i) => String(i));
    expect((await match(alice, { messageIds: ids }).expect(400)).text).toContain(
      'messageIds must have at most 500 entries',
    );
    expect((await match(alice, {}).expect(400)).text).toContain('messageIds is required');
    expect((await match(alice, { messageIds: [] }).expect(200)).body).toEqual({
      successful: true,
      messageLogs: {},
      logs: [],
    });
  });
}
