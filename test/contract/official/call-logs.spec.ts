import { ClientWire } from '../../support/client-wire.js';
import { uniqueSessionId } from '../../support/factories.js';
import {
  ExerciseLog,
  expectOfficialRequestBody,
  expectOfficialResponse,
  missingDeclaredFields,
  missingDeclaredQuery,
  officialRequestExamples,
  requiredOnly,
  requiredOnlyQuery,
  VARIANTS,
} from '../../support/official-contract.js';
import { platformsUnderTest, type PlatformUnderTest } from '../../support/platforms.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const party = (phoneNumber: string, name: string, extensionNumber = '') => ({
  phoneNumber,
  extensionNumber,
  extensionId: extensionNumber ? '62296013' : '',
  name,
  location: 'San Francisco, CA',
});

type Contact = { id: string; name: string };

/** POST /callLog with every field the official CreateCallLogRequest declares, nested ones too. */
const everyFieldCallLogOf = (contact: Contact, sessionId: string) => ({
  logInfo: {
    id: 'Y3s4nZ6x1jXQ',
    uri: 'https://platform.ringcentral.com/restapi/v1.0/account/37439510/call-log/Y3s4nZ6x1jXQ',
    accountId: '37439510',
    sessionId,
    telephonySessionId: 's-a0d7e5a7c89c1',
    direction: 'Inbound',
    type: 'Voice',
    action: 'Phone Call',
    result: 'Accepted',
    reason: 'Accepted',
    startTime: '2026-06-24T02:30:00.000Z',
    duration: 125,
    durationMs: 125000,
    from: party('+14155550100', 'Jane Doe'),
    to: party('+16505550111', 'Agent Smith', '101'),
    recording: {
      id: '1',
      uri: 'https://platform.ringcentral.com/restapi/v1.0/account/37439510/recording/1',
      type: 'Automatic',
      contentUri: 'https://media.ringcentral.com/restapi/v1.0/account/37439510/recording/1/content',
      link: 'https://app.ringcentral.com/recording/1',
    },
    legs: [
      {
        legType: 'PstnToSip',
        master: true,
        direction: 'Inbound',
        action: 'Phone Call',
        result: 'Accepted',
        startTime: '2026-06-24T02:30:00.000Z',
        duration: 125,
        from: party('+14155550100', 'Jane Doe'),
        to: party('+16505550111', 'Agent Smith', '101'),
      },
    ],
    customSubject: 'Renewal call',
    lastModifiedTime: '2026-06-24T02:33:00.000Z',
  },
  extensionNumber: '101',
  hashedExtensionId: 'hashed-extension-101',
  rcExtensionId: '62296013',
  contactId: contact.id,
  contactType: 'Person',
  contactName: contact.name,
  note: 'Discussed renewal options.',
  additionalSubmission: { outcome: 'resolved' },
  aiNote: 'Jane will renew.',
  transcript: 'Agent: Hello. Jane: Hi.',
  ringSenseTranscript: 'Speaker 1: Hello.',
  ringSenseSummary: 'A renewal call.',
  ringSenseAIScore: { overall: 87, categories: { greeting: 9, closing: 8 } },
  ringSenseBulletedSummary: '- renewal\n- quote',
  ringSenseLink: 'https://ringsense.ringcentral.com/calls/1',
  overridingFormat: ['(###) ###-####'],
});

/** The official CreateCallLogRequest example, bound to a contact the CRM holds. */
const officialExampleCallLogOf = (contact: Contact, sessionId: string) => {
  const example = structuredClone(officialRequestExamples('postCallLog').schema) as {
    logInfo: Record<string, unknown>;
    contactId: string;
    contactType: string;
  };
  example.logInfo.sessionId = sessionId;
  example.contactId = contact.id;
  example.contactType = 'Person';
  return example;
};

/** The official contract's Call Logs operations against the real app and each CRM. */
describe.each(platformsUnderTest())('official contract 2.0.0: Call Logs ($platform)', suite);

function suite(p: PlatformUnderTest): void {
  let t: TestApp;
  let client: ClientWire;
  const log = new ExerciseLog();

  beforeAll(async () => {
    t = await startTestApp();
    client = new ClientWire(t.url, { bearer: await p.login(t.http, 'alice') });
  });
  afterAll(() => t.close());

  const activity = async (sessionId: string) => (await p.crm.activitiesOf(t, sessionId))[0]!;
  const { contact, features } = p.crm;
  const officialExampleCallLog = (sessionId: string) =>
    officialExampleCallLogOf(contact, sessionId);
  const everyFieldCallLog = (sessionId: string) => everyFieldCallLogOf(contact, sessionId);

  const create = async (body: Record<string, unknown>) => {
    const reply = await client.post('/callLog', body);
    expectOfficialResponse('postCallLog', reply);
    return reply;
  };

  it('postCallLog: the official example, and every declared field', async () => {
    const example = officialExampleCallLog(uniqueSessionId());
    expectOfficialRequestBody('postCallLog', example);
    const created = await create(example);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ successful: true, logId: expect.any(String) });
    log.record('postCallLog', 'realistic');

    const sessionId = uniqueSessionId();
    const full = everyFieldCallLog(sessionId);
    expectOfficialRequestBody('postCallLog', full);
    expect(missingDeclaredFields('postCallLog', full)).toEqual([]);
    const fully = await create(full);
    expect(fully.status).toBe(200);
    expect(fully.body.successful).toBe(true);
    expect((await activity(sessionId)).body).toContain('Jane will renew.');
    log.record('postCallLog', 'every-optional-field');
  });

  it('postCallLog: only what the official document requires (logInfo.sessionId, contactId)', async () => {
    const sessionId = uniqueSessionId();
    const minimal = requiredOnly('postCallLog', everyFieldCallLog(sessionId));
    expect(minimal).toEqual({ logInfo: { sessionId }, contactId: contact.id });
    expectOfficialRequestBody('postCallLog', minimal);
    const created = await create(minimal);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ successful: true, logId: expect.any(String) });
    expect((await activity(sessionId)).subject).toBe('Call');
    expect((await activity(sessionId)).body).toMatch(
      /Date\/Time: .* \(time logged; no call time was sent\)/,
    );
    log.record('postCallLog', 'required-only');

    const again = await create(minimal);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ successful: false, logId: created.body.logId });
    expect(await p.crm.activitiesOf(t, sessionId)).toHaveLength(1);
  });

  it.each([
    ['an object', { overall: 87, empathy: 'high' }, /overall: 87, empathy: high/],
    ['a number', 87, /87/],
    ['a string', '87/100', /87\/100/],
  ])(
    'postCallLog: ringSenseAIScore as %s logs the call with the score in the body',
    async (_, score, shown) => {
      const sessionId = uniqueSessionId();
      const reply = await create({ ...officialExampleCallLog(sessionId), ringSenseAIScore: score });
      expect(reply.status).toBe(200);
      expect(reply.body.successful).toBe(true);
      const scoreLine = (await activity(sessionId)).body
        .split('\n')
        .find((line) => /Call score/.test(line));
      expect(scoreLine).toMatch(shown);
    },
  );

  it('postCallLog: a pending call (duration "pending") is logged, then patched with its duration', async () => {
    const sessionId = uniqueSessionId();
    const pending = officialExampleCallLog(sessionId);
    pending.logInfo.duration = 'pending';
    expectOfficialRequestBody('postCallLog', pending);
    const reply = await create(pending);
    expect(reply.status).toBe(200);
    expect(reply.body.successful).toBe(true);
    expect((await activity(sessionId)).body).not.toMatch(/Duration/);

    const patched = await client.patch('/callLog', { sessionId, duration: 125 });
    expectOfficialResponse('patchCallLog', patched);
    expect(patched.body.successful).toBe(true);
    expect((await activity(sessionId)).body).toMatch(/Duration: 2 minutes, 5 seconds/);
  });

  it('postCallLog: bad input is a 400 naming the field; no session is a 401 or 400', async () => {
    for (const body of [
      { contactId: contact.id },
      { ...officialExampleCallLog(uniqueSessionId()), contactId: { id: 1 } },
      { ...officialExampleCallLog('bad session id!') },
      { ...officialExampleCallLog(uniqueSessionId()), ringSenseAIScore: { x: 'y'.repeat(70_000) } },
    ]) {
      const reply = await create(body);
      expect(reply.status).toBe(400);
      expect(reply.text).toMatch(/logInfo|contactId|sessionId|ringSenseAIScore/);
    }
    const anonymous = await new ClientWire(t.url).post('/callLog', officialExampleCallLog('1'));
    expect([400, 401]).toContain(anonymous.status);
    expectOfficialResponse('postCallLog', anonymous);
  });

  it('getCallLog: realistic and with every declared parameter', async () => {
    const sessionId = uniqueSessionId();
    await create(officialExampleCallLog(sessionId));
    const realistic = await client.get(`/callLog?sessionIds=${sessionId},${uniqueSessionId()}`);
    expect(realistic.status).toBe(200);
    expectOfficialResponse('getCallLog', realistic);
    expect(realistic.body.logs[0]).toMatchObject({ sessionId, matched: true });
    log.record('getCallLog', 'realistic');

    const query = `sessionIds=${sessionId}&extensionNumber=101&hashedExtensionId=hashed-extension-101&requireDetails=true`;
    expect(missingDeclaredQuery('getCallLog', query)).toEqual([]);
    const full = await client.get(`/callLog?${query}`);
    expect(full.status).toBe(200);
    expectOfficialResponse('getCallLog', full);
    log.record('getCallLog', 'every-optional-field');

    expect(requiredOnlyQuery('getCallLog', query)).toBe(`sessionIds=${sessionId}`);
    const minimal = await client.get(`/callLog?${requiredOnlyQuery('getCallLog', query)}`);
    expect(minimal.status).toBe(200);
    expectOfficialResponse('getCallLog', minimal);
    expect(minimal.body.logs).toEqual([expect.objectContaining({ sessionId, matched: true })]);
    log.record('getCallLog', 'required-only');

    const refused = await client.get('/callLog');
    expect(refused.status).toBe(400);
    expectOfficialResponse('getCallLog', refused);
  });

  it('patchCallLog: a note edit, and every declared field', async () => {
    const sessionId = uniqueSessionId();
    await create(officialExampleCallLog(sessionId));
    const edit = await client.patch('/callLog', { sessionId, note: 'Quote sent.' });
    expect(edit.status).toBe(200);
    expectOfficialResponse('patchCallLog', edit);
    expect(edit.body).toMatchObject({ successful: true, updatedNote: 'Quote sent.' });
    log.record('patchCallLog', 'realistic');

    const other = uniqueSessionId();
    await create({ ...everyFieldCallLog(other), hashedExtensionId: undefined });
    const full = {
      sessionId: other,
      extensionNumber: '101',
      hashedExtensionId: '',
      rcExtensionId: '62296013',
      accountId: '37439510',
      recordingLink: 'https://app.ringcentral.com/recording/2',
      recordingDownloadLink:
        'https://media.ringcentral.com/recording/2/content?accessToken=RC-SECRET',
      subject: 'Renewal call, edited',
      note: 'Edited note.',
      startTime: 1782268200000,
      duration: 130,
      result: 'Accepted',
      direction: 'Inbound',
      from: party('+14155550100', 'Jane Doe'),
      to: party('+16505550111', 'Agent Smith', '101'),
      legs: everyFieldCallLog(other).logInfo.legs,
      aiNote: 'Jane renewed.',
      transcript: 'Agent: Bye.',
      additionalSubmission: { outcome: 'resolved' },
      ringSenseTranscript: 'Speaker 1: Bye.',
      ringSenseSummary: 'Renewed.',
      ringSenseAIScore: { overall: 91 },
      ringSenseBulletedSummary: '- renewed',
      ringSenseLink: 'https://ringsense.ringcentral.com/calls/2',
      telephonySessionId: 's-a0d7e5a7c89c2',
    };
    expectOfficialRequestBody('patchCallLog', full);
    expect(missingDeclaredFields('patchCallLog', full)).toEqual([]);
    const updated = await client.patch('/callLog', full);
    expect(updated.status).toBe(200);
    expectOfficialResponse('patchCallLog', updated);
    expect(updated.body.successful).toBe(true);
    expect((await activity(other)).body).toMatch(/Call score: overall: 91/);
    expect(p.crm.storedText(t)).not.toContain('RC-SECRET');
    log.record('patchCallLog', 'every-optional-field');

    const minimal = requiredOnly('patchCallLog', full);
    expect(minimal).toEqual({ sessionId: other });
    const untouched = await client.patch('/callLog', minimal);
    expect(untouched.status).toBe(200);
    expectOfficialResponse('patchCallLog', untouched);
    expect(untouched.body).toMatchObject({ successful: true, updatedNote: 'Edited note.' });
    log.record('patchCallLog', 'required-only');

    const refused = await client.patch('/callLog', { note: 'no session' });
    expect(refused.status).toBe(400);
    expectOfficialResponse('patchCallLog', refused);
  });

  it('postCallLogCacheNote: a note cached, then a 400 without one', async () => {
    const body = { sessionId: uniqueSessionId(), note: 'Typed during the call' };
    expectOfficialRequestBody('postCallLogCacheNote', body);
    expect(missingDeclaredFields('postCallLogCacheNote', body)).toEqual([]);
    const cached = await client.post('/callLog/cacheNote', body);
    expect(cached.status).toBe(200);
    expectOfficialResponse('postCallLogCacheNote', cached);
    expect(requiredOnly('postCallLogCacheNote', body)).toEqual(body);
    log.record('postCallLogCacheNote', ...VARIANTS);

    const refused = await client.post('/callLog/cacheNote', { sessionId: body.sessionId });
    expect(refused.status).toBe(400);
    expectOfficialResponse('postCallLogCacheNote', refused);
  });

  it('putCallDisposition: the official example, and every declared field in each form', async () => {
    const example = structuredClone(
      officialRequestExamples('putCallDisposition').qualifiedLead,
    ) as {
      sessionId: string;
      dispositions: Record<string, unknown>;
    };
    example.sessionId = uniqueSessionId();
    await create({ ...officialExampleCallLog(example.sessionId), hashedExtensionId: undefined });
    example.dispositions = { outcome: 'follow-up' };
    const { hashedExtensionId: _, ...withoutHash } = example as Record<string, unknown>;
    const saved = await client.put('/callDisposition', withoutHash);
    expect(saved.status).toBe(200);
    expectOfficialResponse('putCallDisposition', saved);
    expect(saved.body.successful).toBe(true);
    // Without dispositions in the CRM the route still answers; the manifest keeps the client off it.
    if (features.dispositions) {
      expect((await activity(example.sessionId)).fields).toEqual({ outcome: 'follow-up' });
    }
    log.record('putCallDisposition', 'realistic');

    const sessionId = uniqueSessionId();
    await create({ ...officialExampleCallLog(sessionId), hashedExtensionId: '7431' });
    for (const identity of [
      { extensionNumber: 101, hashedExtensionId: 7431 },
      { extensionNumber: null, hashedExtensionId: '7431' },
    ]) {
      const full = {
        sessionId,
        ...identity,
        dispositions: { outcome: 'resolved' },
        additionalSubmission: { isAssociatedToRcUser: true },
      };
      expectOfficialRequestBody('putCallDisposition', full);
      expect(missingDeclaredFields('putCallDisposition', full)).toEqual([]);
      const reply = await client.put('/callDisposition', full);
      expect(reply.status).toBe(200);
      expectOfficialResponse('putCallDisposition', reply);
      expect(reply.body.successful).toBe(true);
    }
    log.record('putCallDisposition', 'every-optional-field');

    const minimal = requiredOnly('putCallDisposition', {
      sessionId,
      extensionNumber: null,
      hashedExtensionId: '7431',
      dispositions: { outcome: 'resolved' },
    });
    expect(minimal).toEqual({ sessionId });
    const nothingToSet = await client.put('/callDisposition', minimal);
    expect(nothingToSet.status).toBe(200);
    expectOfficialResponse('putCallDisposition', nothingToSet);
    log.record('putCallDisposition', 'required-only');

    const refused = await client.put('/callDisposition', { dispositions: {} });
    expect(refused.status).toBe(400);
    expectOfficialResponse('putCallDisposition', refused);
  });

  it('exercised every Call Logs operation all three ways', () => {
    expect(log.missing(['Call Logs'])).toEqual([]);
  });
}
