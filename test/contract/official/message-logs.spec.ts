import { ClientWire } from '../../support/client-wire.js';
import {
  ExerciseLog,
  expectOfficialRequestBody,
  expectOfficialResponse,
  missingDeclaredFields,
  officialRequestExamples,
  requiredOnly,
} from '../../support/official-contract.js';
import { platformsUnderTest, type PlatformUnderTest } from '../../support/platforms.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

let nextId = Date.now();

const messageParty = (phoneNumber: string, name: string, extensionNumber = '') => ({
  phoneNumber,
  extensionNumber,
  extensionId: extensionNumber ? '62296013' : '',
  name,
  location: 'San Francisco, CA',
  recipientId: '1',
  target: true,
  messageStatus: 'Delivered',
});

type Contact = { id: string; name: string };

/** POST /messageLog with every field the official MessageLogRequest declares, nested ones too. */
const everyFieldMessageLog = (contact: Contact) => {
  const conversationId = (nextId += 1);
  const message = (id: number) => ({
    id,
    uri: `https://platform.ringcentral.com/restapi/v1.0/account/~/extension/~/message-store/${id}`,
    extensionId: '62296013',
    attachments: [
      {
        id: id + 1,
        uri: 'https://media.ringcentral.com/restapi/v1.0/account/~/message-store/1/content/1',
        link: 'https://app.ringcentral.com/attachments/1',
        type: 'MmsAttachment',
        contentType: 'image/png',
        vmDuration: 0,
        fileName: 'photo.png',
        size: 1024,
        height: 480,
        width: 640,
      },
    ],
    availability: 'Alive',
    conversationId,
    conversation: { id: String(conversationId) },
    creationTime: '2026-06-24T03:15:00.000Z',
    lastModifiedTime: '2026-06-24T03:15:01.000Z',
    direction: 'Inbound',
    from: messageParty('+14155550100', 'Jane Doe'),
    to: [messageParty('+16505550111', 'Agent Smith', '101')],
    messageStatus: 'Received',
    priority: 'Normal',
    readStatus: 'Read',
    smsDeliveryTime: '2026-06-24T03:15:00.000Z',
    smsSendingAttemptsCount: 1,
    subject: 'Can we talk later today?',
    type: 'SMS',
    faxPageCount: 0,
    faxResolution: 'High',
    deliveryErrorCode: '',
    segmentCount: 1,
    vmTranscriptionStatus: 'NotAvailable',
    owner: { extensionId: '62296013' },
  });
  return {
    logInfo: {
      conversationId,
      conversationLogId: `${conversationId}-2026-06-24`,
      messages: [message((nextId += 2))],
      correspondents: [
        { phoneNumber: '+14155550100', name: contact.name, type: 'Person', id: contact.id },
      ],
      owner: { name: 'Shared inbox' },
      assignee: { name: 'Agent Smith' },
      rcAccessToken: 'RC-SECRET-TOKEN',
    },
    contactId: contact.id,
    contactType: 'Person',
    contactName: contact.name,
    additionalSubmission: { isAssociatedToRcUser: true },
    overridingFormat: '(###) ###-####',
  };
};

/** The official MessageLogRequest example, bound to a contact the CRM holds. */
const officialExampleMessageLog = (contact: Contact) => {
  const example = structuredClone(officialRequestExamples('postMessageLog').schema) as {
    contactId: string;
    contactType: string;
    logInfo: { conversationId: number; conversationLogId: string; messages: { id: number }[] };
  };
  example.contactId = contact.id;
  example.contactType = 'Person';
  example.logInfo.conversationId = nextId += 1;
  example.logInfo.conversationLogId = `${example.logInfo.conversationId}-2026-06-24`;
  example.logInfo.messages[0]!.id = nextId += 1;
  return example;
};

/** The official contract's Message Logs operation against the real app and each CRM. */
describe.each(platformsUnderTest())('official contract 2.0.0: Message Logs ($platform)', suite);

function suite(p: PlatformUnderTest): void {
  let t: TestApp;
  let client: ClientWire;
  const log = new ExerciseLog();

  beforeAll(async () => {
    t = await startTestApp();
    client = new ClientWire(t.url, { bearer: await p.login(t.http, 'alice') });
  });
  afterAll(() => t.close());

  const { contact } = p.crm;
  const send = async (body: unknown) => {
    const reply = await client.post('/messageLog', body);
    expectOfficialResponse('postMessageLog', reply);
    return reply;
  };

  it('postMessageLog: the official example, then again (already logged)', async () => {
    const example = officialExampleMessageLog(contact);
    expectOfficialRequestBody('postMessageLog', example);
    const created = await send(example);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ successful: true, logIds: [expect.any(String)] });
    const again = await send(example);
    expect(again.status).toBe(200);
    expect(again.body.successful).toBe(true);
    log.record('postMessageLog', 'realistic');
  });

  it('postMessageLog: every declared field; the RingCentral token is not kept', async () => {
    const full = everyFieldMessageLog(contact);
    expectOfficialRequestBody('postMessageLog', full);
    expect(missingDeclaredFields('postMessageLog', full)).toEqual([]);
    const reply = await send(full);
    expect(reply.status).toBe(200);
    expect(reply.body.successful).toBe(true);
    expect(p.crm.storedText(t)).not.toContain('RC-SECRET-TOKEN');
    log.record('postMessageLog', 'every-optional-field');
  });

  it('postMessageLog: only what the official document requires, twice: one activity', async () => {
    const full = everyFieldMessageLog(contact);
    const messageId = full.logInfo.messages[0]!.id;
    const minimal = requiredOnly('postMessageLog', full);
    expect(minimal).toEqual({
      logInfo: {
        messages: [{ id: messageId, type: 'SMS' }],
        correspondents: [{ phoneNumber: '+14155550100' }],
      },
      contactId: contact.id,
    });
    expectOfficialRequestBody('postMessageLog', minimal);
    const before = p.crm.activities(t).length;
    const created = await send(minimal);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ successful: true, logIds: [String(messageId)] });
    const again = await send(minimal);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ successful: true, logIds: [] });
    expect(p.crm.activities(t).length).toBe(before + 1);
    log.record('postMessageLog', 'required-only');
  });

  it('postMessageLog: bad input is a 400; no session is a 401 or 400', async () => {
    for (const body of [
      { contactId: contact.id },
      { ...officialExampleMessageLog(contact), logInfo: [] },
    ]) {
      const reply = await send(body);
      expect(reply.status).toBe(400);
    }
    const anonymous = await new ClientWire(t.url).post(
      '/messageLog',
      officialExampleMessageLog(contact),
    );
    expect([400, 401]).toContain(anonymous.status);
    expectOfficialResponse('postMessageLog', anonymous);
  });

  it('exercised every Message Logs operation all three ways', () => {
    expect(log.missing(['Message Logs'])).toEqual([]);
  });
}
