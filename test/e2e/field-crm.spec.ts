import { parsePhoneQuery, phoneMatches } from '../../src/crm/phone/index.js';
import { FIELD_CRM_KEYS, FIELD_CRM_NUMBERS } from '../provider-kit/field-crm-kit.js';
import { callLogBody, messageLogBody, smsMessage, uniqueSessionId } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * field CRM (examples/field-crm), bound by src/providers/field-crm/field-crm.json alone, through
 * the client's routes: phones in every stored format found from E.164 across pages, look-alikes
 * not; calls stored in unix seconds and updated by a full-replace PUT; its 409 answered with the
 * existing record; its nested error text shown to the user.
 */
describe('field CRM bound by its JSON file (platform field-crm)', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    const login = await t.http
      .post('/apiKeyLogin')
      .send({ platform: 'field-crm', apiKey: FIELD_CRM_KEYS.alice })
      .expect(200);
    token = login.body.jwtToken;
  });
  afterAll(() => t.close());
  afterEach(() => t.fieldCrm.faults.clear());

  const post = (path: string, body: object) =>
    t.http.post(path).set('authorization', `Bearer ${token}`).send(body).expect(200);
  const stored = (id: string) => t.fieldCrm.store.activities.find((a) => a.id === id)!;

  it.each(FIELD_CRM_NUMBERS.map((known) => [known.e164, known.names]))(
    '%s finds exactly %j, showing that number',
    async (e164, names) => {
      const res = await t.http
        .get(`/contact?jwtToken=${token}&phoneNumber=${encodeURIComponent(e164 as string)}`)
        .expect(200);
      const found = res.body.contact.filter((c: { isNewContact?: boolean }) => !c.isNewContact);
      expect(found.map((c: { name: string }) => c.name).sort()).toEqual(names);
      for (const contact of found) {
        expect(phoneMatches(contact.phone, parsePhoneQuery(e164 as string))).toBe(true);
      }
    },
  );

  it('logs a call in unix seconds on the person, and a PATCH replaces the whole activity', async () => {
    const sessionId = uniqueSessionId();
    const created = await post(
      '/callLog',
      callLogBody({ sessionId, contactId: 'prs_1001', contactName: 'Anna Schmidt' }),
    );
    expect(created.body.successful).toBe(true);
    expect(stored(created.body.logId)).toMatchObject({
      person_id: 'prs_1001',
      owner_id: 'usr_alice',
      kind: 'call',
      direction: 'inbound',
      occurred_at: 1714575845,
      duration_s: 63,
    });
    expect(stored(created.body.logId).notes).toContain('Customer wants a renewal quote.');

    const patched = await t.http
      .patch(`/callLog?jwtToken=${token}`)
      .send({ sessionId, note: 'Quote sent.' })
      .expect(200);
    expect(patched.body.successful).toBe(true);
    const after = stored(created.body.logId);
    expect(after.notes).toContain('Quote sent.');
    // The PUT sent back what it read: nothing the update did not name is lost.
    expect(after).toMatchObject({ direction: 'inbound', occurred_at: 1714575845, duration_s: 63 });
    expect(t.fieldCrm.store.stats()['PUT /v2/activities/:id']).toBe(1);
  });

  it("answers a create whose answer was lost with the CRM's existing record (its 409)", async () => {
    const sessionId = uniqueSessionId();
    // The activity is stored, then the answer fails: the retry is refused 409 naming it.
    t.fieldCrm.faults.set('POST /v2/people/:id/activities', {
      afterHandler: true,
      status: 503,
      failNext: 1,
    });
    const created = await post('/callLog', callLogBody({ sessionId, contactId: 'prs_1003' }));
    expect(created.body.successful).toBe(true);
    const mine = t.fieldCrm.store.activities.filter(
      (a) => a.person_id === 'prs_1003' && a.kind === 'call',
    );
    expect(mine).toHaveLength(1);
    expect(mine[0].id).toBe(created.body.logId);
  });

  it('logs an SMS conversation-day in unix seconds, and appends to it through GET then PUT', async () => {
    const conversationId = '9000001';
    const sms = (id: string, text: string) =>
      messageLogBody({
        conversationId,
        contactId: 'prs_1005',
        contactName: 'Michael Brown',
        messages: [smsMessage({ id, text })],
      });
    expect((await post('/messageLog', sms('8000001', 'First'))).body.successful).toBe(true);
    expect((await post('/messageLog', sms('8000002', 'Second'))).body.successful).toBe(true);
    const day = t.fieldCrm.store.activities.filter((a) => a.person_id === 'prs_1005');
    expect(day).toHaveLength(1);
    expect(day[0]).toMatchObject({ kind: 'sms', occurred_at: 1714575845 });
    expect(day[0].notes).toMatch(/First[\s\S]*Second/);
  });

  it("shows the CRM's own error text to the user", async () => {
    t.fieldCrm.faults.set('POST /v2/people/:id/activities', { status: 400 });
    const res = await post('/callLog', callLogBody({ contactId: 'prs_1001' }));
    expect(res.body.successful).toBe(false);
    expect(JSON.stringify(res.body.returnMessage)).toContain('Bad Request');
  });
});
