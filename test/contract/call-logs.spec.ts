import { wallClock } from '../support/crm-under-test.js';
import { uniqueSessionId } from '../support/factories.js';
import { ClientWire, expectClientReadable } from '../support/client-wire.js';
import { startSignedInApp } from '../support/signed-in-app.js';
import type { TestApp } from '../support/test-app.js';
import { platformsUnderTest, type PlatformUnderTest } from '../support/platforms.js';

/**
 * The RingCentral Embeddable call object as the client forwards it (docs/client-contract.md, Call
 * logs), with the CRM's contact (Jane Doe's number).
 */
const callLogOf = (
  contact: { id: string; name: string },
  sessionId: string,
  extra: Record<string, unknown> = {},
) => ({
  logInfo: {
    id: 'Y3s4nZ6x1jXQ',
    sessionId,
    telephonySessionId: 's-a0d7e5a7c89c1',
    partyId: 'p-a0d7e5a7c89c1-1',
    accountId: '37439510',
    direction: 'Inbound',
    type: 'Voice',
    action: 'Phone Call',
    result: 'Call connected',
    startTime: 1714575845000,
    duration: 63,
    from: {
      phoneNumber: '+14155550100',
      extensionNumber: '',
      name: 'Jane Doe',
      location: 'San Francisco, CA',
    },
    to: { phoneNumber: '+16505550111', extensionNumber: '101', name: 'Agent Smith' },
    recording: {
      id: '1',
      uri: 'https://platform.ringcentral.com/restapi/v1.0/account/37439510/recording/1',
      type: 'Automatic',
      contentUri: 'https://media.ringcentral.com/restapi/v1.0/account/37439510/recording/1/content',
      link: '(pending...)',
      downloadUrl:
        'https://media.ringcentral.com/restapi/v1.0/account/37439510/recording/1/content?accessToken=RC-SECRET-TOKEN',
      expiry: 0,
    },
    legs: [
      {
        legType: 'PstnToSip',
        direction: 'Inbound',
        duration: 63,
        from: { phoneNumber: '+14155550100' },
        to: { phoneNumber: '+16505550111', name: 'Agent Smith', extensionNumber: '101' },
      },
    ],
  },
  contactId: contact.id,
  contactType: 'Person',
  contactName: contact.name,
  note: 'Customer wants a renewal quote.',
  aiNote: '',
  transcript: '',
  additionalSubmission: { outcome: 'resolved', isAssociatedToRcUser: true },
  overridingFormat: ['(###) ###-####'],
  extensionNumber: '101',
  hashedExtensionId: '',
  activityCompletionReady: true,
  ...extra,
});

/** Client-contract §5: call logging on the wire, older and newer clients and server-side logging. */
describe.each(platformsUnderTest())('contract: call logs ($platform)', callLogsContract);

function callLogsContract(p: PlatformUnderTest): void {
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

  const activity = async (sessionId: string) => (await p.crm.activitiesOf(t, sessionId))[0]!;
  const { contact, features } = p.crm;
  const callLog = (sessionId: string, extra: Record<string, unknown> = {}) =>
    callLogOf(contact, sessionId, extra);

  it('the whole flow: match, log, dispositions, edit form, edit, recording sync, note push', async () => {
    const sessionId = uniqueSessionId();
    const other = uniqueSessionId();

    // Before acting on a log request: one session, no details, no returnMessage (checklist 7).
    const before = await client.get(
      `/callLog?jwtToken=${jwt}&sessionIds=${sessionId}&requireDetails=false`,
    );
    expectClientReadable(before);
    expect(before.body).toEqual({ successful: true, logs: [{ sessionId, matched: false }] });

    const created = await client.post(`/callLog?jwtToken=${jwt}`, callLog(sessionId));
    expectClientReadable(created);
    expect(created.body).toEqual({
      successful: true,
      logId: expect.any(String),
      returnMessage: { message: 'Call log added', messageType: 'success', ttl: 2000 },
    });
    const { logId } = created.body;
    if (features.dispositions)
      expect((await activity(sessionId)).fields).toEqual({ outcome: 'resolved' });

    const duplicate = await client.post(`/callLog?jwtToken=${jwt}`, callLog(sessionId));
    expectClientReadable(duplicate);
    expect(duplicate.body).toEqual({
      successful: false,
      logId,
      returnMessage: {
        message: `Existing log for session ${sessionId}`,
        messageType: 'warning',
        ttl: 3000,
      },
    });

    // The client sends the call-log form only where the manifest enables dispositions.
    if (features.dispositions) {
      const disposition = await client.put(`/callDisposition?jwtToken=${jwt}`, {
        sessionId,
        dispositions: { outcome: 'follow-up', note: 'already in the log' },
        additionalSubmission: { isAssociatedToRcUser: true },
        extensionNumber: '',
        hashedExtensionId: '',
      });
      expectClientReadable(disposition);
      expect(disposition.body).toEqual({ successful: true, logId });
    }

    // The widget's match flow: a raw comma list; string ids equal to the request, in order.
    const matched = await client.get(
      `/callLog?jwtToken=${jwt}&sessionIds=${sessionId},${other},0&requireDetails=true`,
    );
    expectClientReadable(matched);
    expect(matched.body).toEqual({
      successful: true,
      logs: [
        {
          sessionId,
          matched: true,
          logId,
          contact: { id: contact.id },
          logData: {
            subject: `Inbound Call from ${contact.name}`,
            note: 'Customer wants a renewal quote.',
            dispositions: features.dispositions ? { outcome: 'follow-up' } : {},
          },
        },
        { sessionId: other, matched: false },
        { sessionId: '0', matched: false },
      ],
    });

    // A manual edit: the flat body, no logInfo.
    const edited = await client.patch(`/callLog?jwtToken=${jwt}`, {
      sessionId,
      subject: 'Renewal call with Jane',
      note: 'Quote sent.',
      aiNote: '',
      transcript: '',
      startTime: 1714575845000,
      duration: 63,
      result: 'Call connected',
      direction: 'Inbound',
      from: { phoneNumber: '+14155550100', name: 'Jane Doe' },
      to: { phoneNumber: '+16505550111', name: 'Agent Smith' },
    });
    expectClientReadable(edited);
    expect(edited.body).toEqual({
      successful: true,
      logId,
      updatedNote: 'Quote sent.',
      returnMessage: { message: 'Call log updated', messageType: 'success', ttl: 2000 },
    });
    expect((await activity(sessionId)).subject).toBe('Renewal call with Jane');

    // The recording sync: no subject, a link and a token-carrying download link.
    const synced = await client.patch(`/callLog?jwtToken=${jwt}`, {
      sessionId,
      note: 'Quote sent.',
      startTime: 1714575845000,
      duration: 63,
      result: 'Call connected',
      direction: 'Inbound',
      recordingLink: 'https://app.ringcentral.com/recording/1',
      recordingDownloadLink:
        'https://media.ringcentral.com/recording/1/content?accessToken=RC-SECRET-TOKEN',
      aiNote: 'Jane will renew.',
    });
    expect(synced.body.successful).toBe(true);
    const { body } = await activity(sessionId);
    expect(body).toContain('- Call recording link: https://app.ringcentral.com/recording/1\n');
    expect(body).toContain('- AI Note:\nJane will renew.\n--- END\n');
    expect(body).toContain('- Summary: Renewal call with Jane\n');
    expect(p.crm.storedText(t)).not.toContain('RC-SECRET-TOKEN');

    // The note push at match time.
    const pushed = await client.patch(`/callLog?jwtToken=${jwt}`, {
      sessionId,
      note: 'Pushed note',
    });
    expect(pushed.body).toMatchObject({ successful: true, updatedNote: 'Pushed note' });
    expect((await activity(sessionId)).body).toMatch(/^- Note: Pushed note\n/);
  });

  it('a newer client: Bearer, rc-extension-id as the extension key, cacheNote then a log without a note', async () => {
    const hashes = (await client.get('/userInfoHash?extensionId=62296013&accountId=37439510')).body;
    const newer = client.with({
      bearer: jwt,
      rcHeaders: { extensionHash: hashes.extensionId, accountHash: hashes.accountId },
    });
    const sessionId = uniqueSessionId();
    const cached = await newer.post('/callLog/cacheNote', {
      sessionId,
      note: 'Typed during the call',
    });
    expectClientReadable(cached);
    expect(cached.body).toEqual({ successful: true });
    const created = await newer.post('/callLog', callLog(sessionId, { note: '' }));
    expect(created.body.successful).toBe(true);
    expect((await activity(sessionId)).body).toMatch(/^- Note: Typed during the call\n/);
    const found = await newer.get(`/callLog?sessionIds=${sessionId}&requireDetails=false`);
    expect(found.body.logs).toEqual([
      { sessionId, matched: true, logId: created.body.logId, contact: { id: contact.id } },
    ]);
  });

  it('server-side logging (User-Agent SSCL): ISO time, rcExtensionId, the cached note', async () => {
    const sessionId = uniqueSessionId();
    await client.post(`/callLog/cacheNote?jwtToken=${jwt}`, { sessionId, note: 'From the agent' });
    const body = callLog(sessionId, {
      note: '',
      rcExtensionId: '62296013',
      extensionNumber: undefined,
    });
    (body.logInfo as Record<string, unknown>).startTime = '2024-05-01T15:04:05.000Z';
    (body.logInfo as Record<string, unknown>).duration = '63';
    const reply = await client.post(`/callLog?jwtToken=${jwt}`, body, {
      headers: { 'user-agent': 'SSCL' },
    });
    expectClientReadable(reply);
    expect(reply.body.successful).toBe(true);
    const { body: logged } = await activity(sessionId);
    expect(logged).toMatch(/^- Note: From the agent\n/);
    const at = wallClock('2024-05-01T15:04:05.000Z', p.crm.users.alice.timezone);
    expect(logged).toContain(`- Date/Time: ${at}\n`);
  });

  it('explains failures the client shows', async () => {
    const noContact = await client.post(
      `/callLog?jwtToken=${jwt}`,
      callLog(uniqueSessionId(), { contactId: '' }),
    );
    expectClientReadable(noContact);
    expect(noContact.body).toEqual({
      successful: false,
      returnMessage: {
        message: 'Contact not found for number +14155550100',
        messageType: 'warning',
        ttl: 3000,
      },
    });
    const noLog = await client.patch(`/callLog?jwtToken=${jwt}`, {
      sessionId: uniqueSessionId(),
      note: 'x',
    });
    expectClientReadable(noLog);
    expect(noLog.body).toEqual({
      successful: false,
      returnMessage: {
        message: 'No call log found for this call. Log it first.',
        messageType: 'warning',
        ttl: 3000,
      },
    });
    const noDisposition = await client.put(`/callDisposition?jwtToken=${jwt}`, {
      sessionId: uniqueSessionId(),
      dispositions: {},
    });
    expect(noDisposition.body).toEqual({
      successful: false,
      returnMessage: { message: 'Cannot find log', messageType: 'warning', ttl: 3000 },
    });
    // Longer than CRM_RETRY_AFTER_CAP_SECONDS: answered at once instead of waited for.
    p.crm.faults(t).set(p.crm.routes.createActivity, {
      failNext: 1,
      status: 429,
      retryAfter: '60',
    });
    const limited = await client.post(`/callLog?jwtToken=${jwt}`, callLog(uniqueSessionId()));
    expectClientReadable(limited);
    expect(limited.body).toMatchObject({
      successful: false,
      returnMessage: { message: 'Rate limit exceeded', messageType: 'warning' },
    });
    const malformed = await client.post(`/callLog?jwtToken=${jwt}`, {
      logInfo: { sessionId: '0' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/^text\/plain/);
    expect(malformed.text).toMatch(/^Invalid request: /);
    const noIds = await client.get(`/callLog?jwtToken=${jwt}`);
    expect(noIds).toMatchObject({ status: 400, text: 'Invalid request: sessionIds is required' });
  });
}
