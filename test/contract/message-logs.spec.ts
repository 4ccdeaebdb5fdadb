import { uniqueConversationId, uniqueMessageId } from '../support/factories.js';
import { ClientWire, expectClientReadable } from '../support/client-wire.js';
import { startSignedInApp } from '../support/signed-in-app.js';
import type { TestApp } from '../support/test-app.js';
import { platformsUnderTest, type PlatformUnderTest } from '../support/platforms.js';

const JANE = { phoneNumber: '+14155550100', name: 'Jane Doe' };
const AGENT = { phoneNumber: '+16505550111', name: 'Agent Smith', extensionNumber: '101' };

/** One message as RingCentral Embeddable hands it to the client. */
const message = (direction: 'Inbound' | 'Outbound', text: string, at: string, extra = {}) => {
  const id = uniqueMessageId();
  return {
    id: Number(id),
    uri: `https://platform.ringcentral.com/restapi/v1.0/account/37439510/extension/62296013/message-store/${id}`,
    type: 'SMS',
    direction,
    subject: text,
    creationTime: at,
    lastModifiedTime: at,
    from: direction === 'Inbound' ? JANE : AGENT,
    to: [direction === 'Inbound' ? AGENT : JANE],
    readStatus: 'Read',
    messageStatus: direction === 'Inbound' ? 'Received' : 'Delivered',
    conversationId: 674035477569017,
    attachments: [
      {
        id: `${id}1`,
        uri: `https://media.ringcentral.com/restapi/v1.0/account/37439510/extension/62296013/message-store/${id}/content/1`,
        type: 'Text',
        contentType: 'text/plain',
      },
    ],
    ...extra,
  };
};

/**
 * The Embeddable conversation object for one client-local day (docs/client-contract.md, Message
 * logs), with the CRM's contact (Jane Doe's number).
 */
const conversationWith = (
  contact: { id: string; name: string },
  conversationId: string,
  day: string,
  messages: object[],
  extra = {},
) => ({
  logInfo: {
    conversationId,
    conversationLogId: day,
    type: 'SMS',
    correspondents: [JANE],
    messages,
    rcAccessToken: 'RC-SECRET-TOKEN',
  },
  // The client sends a numeric id as a JSON number.
  contactId: /^\d+$/.test(contact.id) ? Number(contact.id) : contact.id,
  contactType: 'Person',
  contactName: contact.name,
  additionalSubmission: {},
  overridingFormat: [],
  ...extra,
});

/** Client-contract §6: SMS, MMS, fax and voicemail logging on the wire. */
describe.each(platformsUnderTest())('contract: message logs ($platform)', messageLogsContract);

function messageLogsContract(p: PlatformUnderTest): void {
  let t: TestApp;
  let jwt: string;
  let client: ClientWire;

  beforeAll(async () => {
    ({
      t,
      tokens: { alice: jwt },
    } = await startSignedInApp({ users: ['alice'], platform: p }));
    client = new ClientWire(t.url);
  });
  afterAll(() => t.close());

  const { contact } = p.crm;
  const conversation = (conversationId: string, day: string, messages: object[], extra = {}) =>
    conversationWith(contact, conversationId, day, messages, extra);

  it('an older client: logs a conversation-day, appends later messages, logIds always an array (checklist 5)', async () => {
    const conversationId = uniqueConversationId();
    // The client's day boundary, in one of the forms seen: used verbatim, never parsed.
    const day = `${conversationId}/5/1/2024`;
    const first = message('Inbound', 'Hi, can you call me back?', '2024-05-01T15:04:05.000Z');
    const second = message('Outbound', 'Sure.', '2024-05-01T15:05:00.000Z');
    const created = await client.post(
      `/messageLog?jwtToken=${jwt}`,
      conversation(conversationId, day, [second, first]),
    );
    expectClientReadable(created);
    expect(created.body).toEqual({
      successful: true,
      logIds: [String(first.id), String(second.id)],
      returnMessage: { message: 'Message log added', messageType: 'success', ttl: 2000 },
    });

    const third = message('Inbound', 'Thanks', '2024-05-01T18:00:00.000Z');
    const appended = await client.post(
      `/messageLog?jwtToken=${jwt}`,
      conversation(conversationId, day, [third, second, first]),
    );
    expect(appended.body.logIds).toEqual([String(third.id)]);

    const replayed = await client.post(
      `/messageLog?jwtToken=${jwt}`,
      conversation(conversationId, day, [third, second, first]),
    );
    expectClientReadable(replayed);
    expect(replayed.body).toEqual({ successful: true, logIds: [] });

    const activities = await p.crm.activitiesOf(t, day);
    expect(activities).toHaveLength(1);
    expect(activities[0]!.body).toContain('- Messages: 3\n');
    expect(p.crm.storedText(t)).not.toMatch(/RC-SECRET-TOKEN|media\.ringcentral\.com/);
  });

  it('a newer client: selectedMessageIds, then POST /messageLog/match', async () => {
    const hashes = (await client.get('/userInfoHash?extensionId=62296013&accountId=37439510')).body;
    const newer = client.with({
      bearer: jwt,
      rcHeaders: { extensionHash: hashes.extensionId, accountHash: hashes.accountId },
    });
    const conversationId = uniqueConversationId();
    const day = `${conversationId}-2024-05-01`;
    const [a, b, c] = [
      message('Inbound', 'a', '2024-05-01T15:00:00.000Z'),
      message('Inbound', 'b', '2024-05-01T15:01:00.000Z'),
      message('Outbound', 'c', '2024-05-01T15:02:00.000Z'),
    ];
    const logged = await newer.post(
      '/messageLog',
      conversation(conversationId, day, [c, b, a], { selectedMessageIds: [String(a.id), c.id] }),
    );
    expectClientReadable(logged);
    expect(logged.body.logIds).toEqual([String(a.id), String(c.id)]);

    const matched = await newer.post('/messageLog/match', {
      conversationId,
      messageIds: [String(a.id), String(b.id), c.id],
    });
    expectClientReadable(matched);
    const logId = (await p.crm.activitiesOf(t, day))[0]!.id;
    expect(matched.body).toEqual({
      successful: true,
      messageLogs: { [String(a.id)]: logId, [String(c.id)]: logId },
      logs: [
        { messageId: String(a.id), matched: true, logId, contactId: contact.id },
        { messageId: String(b.id), matched: false },
        { messageId: String(c.id), matched: true, logId, contactId: contact.id },
      ],
    });
  });

  it('MMS, fax and voicemail: attachments as token-free links, each its own kind of activity', async () => {
    const mms = message('Inbound', 'photo', '2024-05-01T15:00:00.000Z', {
      type: 'MMS',
      attachments: [
        {
          id: '1',
          uri: 'https://media.ringcentral.com/x/content/1',
          type: 'MmsAttachment',
          contentType: 'image/jpeg',
          link: 'https://app.ringcentral.com/media/1?access_token=RC-SECRET-TOKEN',
        },
      ],
    });
    const fax = message('Outbound', '', '2024-05-01T16:00:00.000Z', {
      type: 'Fax',
      faxPageCount: 2,
      attachments: [
        {
          id: '2',
          uri: 'https://media.ringcentral.com/x/content/2',
          type: 'RenderedDocument',
          contentType: 'application/pdf',
          link: 'https://app.ringcentral.com/fax/2',
        },
      ],
    });
    const voicemail = message('Inbound', '', '2024-05-01T17:00:00.000Z', {
      type: 'VoiceMail',
      vmTranscriptionStatus: 'NotAvailable',
      attachments: [
        {
          id: '3',
          uri: 'https://media.ringcentral.com/x/content/3',
          type: 'AudioRecording',
          contentType: 'audio/mpeg',
          vmDuration: 12,
          link: 'https://app.ringcentral.com/vm/3',
        },
      ],
    });
    for (const [type, msg] of [
      ['MMS', mms],
      ['Fax', fax],
      ['VoiceMail', voicemail],
    ] as const) {
      const conversationId = uniqueConversationId();
      const body = conversation(conversationId, `${conversationId}-2024-05-01`, [msg]);
      body.logInfo.type = type;
      const reply = await client.post(`/messageLog?jwtToken=${jwt}`, body);
      expectClientReadable(reply);
      expect(reply.body.logIds).toEqual([String(msg.id)]);
    }
    const [sms, faxed, left] = p.crm.activities(t).slice(-3);
    expect([sms!.type, faxed!.type, left!.type]).toEqual(['sms', 'fax', 'voicemail']);
    expect(sms!.body).toContain('Attachment (image/jpeg): https://app.ringcentral.com/media/1\n');
    expect(faxed!.subject).toBe(`Fax sent to ${contact.name} - 2024-05-01`);
    expect(faxed!.body).toContain('Fax document: https://app.ringcentral.com/fax/2\n');
    expect(left!.body).toContain('Voicemail recording: https://app.ringcentral.com/vm/3\n');
    expect(p.crm.storedText(t)).not.toContain('RC-SECRET-TOKEN');
  });

  it('explains what the client ignores silently: nothing to log, no contact, a CRM failure', async () => {
    const conversationId = uniqueConversationId();
    const day = `${conversationId}-2024-05-01`;
    const msg = message('Inbound', 'x', '2024-05-01T15:00:00.000Z');
    const empty = await client.post(
      `/messageLog?jwtToken=${jwt}`,
      conversation(conversationId, day, []),
    );
    expectClientReadable(empty);
    expect(empty.body).toEqual({
      successful: false,
      returnMessage: { message: 'No message to log.', messageType: 'warning', ttl: 3000 },
    });
    const noContact = await client.post(
      `/messageLog?jwtToken=${jwt}`,
      conversation(conversationId, day, [msg], { contactId: undefined }),
    );
    expect(noContact.body).toEqual({
      successful: false,
      returnMessage: {
        message: 'Contact not found for number +14155550100',
        messageType: 'warning',
        ttl: 3000,
      },
    });
    // Until cleared: every retry of the create fails too.
    p.crm.faults(t).set(p.crm.routes.createActivity, { status: 502 });
    const failed = await client.post(
      `/messageLog?jwtToken=${jwt}`,
      conversation(conversationId, day, [msg]),
    );
    p.crm.faults(t).clear();
    expectClientReadable(failed);
    expect(failed.body).toMatchObject({
      successful: false,
      returnMessage: { message: `${p.displayName} is unavailable` },
    });
    const retried = await client.post(
      `/messageLog?jwtToken=${jwt}`,
      conversation(conversationId, day, [msg]),
    );
    expect(retried.body.logIds).toEqual([String(msg.id)]);
    const tooMany = await client.post(`/messageLog/match?jwtToken=${jwt}`, {
      messageIds: Array.from({ length: 501 }, (_, i) => i),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.text).toBe('Invalid request: messageIds must have at most 500 entries');
  });
}
