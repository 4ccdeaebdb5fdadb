import { CallNoteEntity } from '../../src/call-logs/call-note.entity.js';
import { callLogBody, uniqueSessionId } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';
import { startSignedInApp } from '../support/signed-in-app.js';
import { platformsUnderTest, type PlatformUnderTest } from '../support/platforms.js';

describe.each(platformsUnderTest())(
  'call-log extras: PUT /callDisposition and POST /callLog/cacheNote ($platform)',
  callLogExtras,
);

function callLogExtras(p: PlatformUnderTest): void {
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

  const { contact, features } = p.crm;
  const logCall = async (token: string, body: object) =>
    (await t.http.post(`/callLog?jwtToken=${token}`).send(body).expect(200)).body;
  const callLog = (overrides: Parameters<typeof callLogBody>[0]) =>
    callLogBody({ contactId: contact.id, contactName: contact.name, ...overrides });
  const activityOf = (sessionId: string) => p.crm.activitiesOf(t, sessionId);
  /** Cases that need the CRM to store the call-log form's values. */
  const withDispositions = features.dispositions ? it : it.skip;
  const dispose = (token: string, body: object) =>
    t.http.put(`/callDisposition?jwtToken=${token}`).send(body).expect(200);
  const cacheNote = (token: string, body: object) =>
    t.http.post('/callLog/cacheNote').set('authorization', `Bearer ${token}`).send(body);

  describe('PUT /callDisposition', () => {
    withDispositions(
      'stores the declared form fields on the logged call and reads them back',
      async () => {
        const sessionId = uniqueSessionId();
        const { logId } = await logCall(alice, callLog({ sessionId }));
        const res = await dispose(alice, {
          sessionId,
          dispositions: { outcome: 'follow-up', note: 'not a field', other: 'x' },
          additionalSubmission: { rcExtra: 'y' },
          extensionNumber: '',
          hashedExtensionId: '',
        });
        expect(res.body).toEqual({ successful: true, logId });
        const [activity] = await activityOf(sessionId);
        expect(activity!.fields).toEqual({ outcome: 'follow-up' });
        expect(activity!.body).not.toContain('not a field');

        const details = await t.http
          .get(`/callLog?jwtToken=${alice}&sessionIds=${sessionId}&requireDetails=true`)
          .expect(200);
        expect(details.body.logs[0].logData.dispositions).toEqual({ outcome: 'follow-up' });
      },
    );

    withDispositions('stores form values sent with the call log itself', async () => {
      const sessionId = uniqueSessionId();
      await logCall(
        alice,
        callLog({ sessionId, additionalSubmission: { outcome: 'resolved', rcExtra: 'x' } }),
      );
      expect((await activityOf(sessionId))[0]!.fields).toEqual({ outcome: 'resolved' });
    });

    it("answers 'Cannot find log' for a call that is not logged, or is someone else's", async () => {
      const sessionId = uniqueSessionId();
      await logCall(alice, callLog({ sessionId }));
      const cannot = {
        successful: false,
        returnMessage: { message: 'Cannot find log', messageType: 'warning', ttl: 3000 },
      };
      for (const [token, id] of [
        [alice, uniqueSessionId()],
        [bob, sessionId],
      ]) {
        const res = await dispose(token, { sessionId: id, dispositions: { outcome: 'resolved' } });
        expect(res.body).toEqual(cannot);
      }
      expect((await activityOf(sessionId))[0]).not.toHaveProperty('fields');
    });

    it('refuses a body without a session id or with non-object dispositions', async () => {
      const missing = await t.http.put(`/callDisposition?jwtToken=${alice}`).send({}).expect(400);
      expect(missing.text).toContain('sessionId is required');
      const wrong = await t.http
        .put(`/callDisposition?jwtToken=${alice}`)
        .send({ sessionId: '123', dispositions: 'resolved' })
        .expect(400);
      expect(wrong.text).toContain('dispositions must be an object');
    });

    withDispositions('reports a CRM failure with the CRM message', async () => {
      const sessionId = uniqueSessionId();
      await logCall(alice, callLog({ sessionId }));
      p.crm.faults(t).set(p.crm.routes.updateActivity, { status: 503 });
      const res = await dispose(alice, { sessionId, dispositions: { outcome: 'resolved' } });
      p.crm.faults(t).clear();
      expect(res.body).toMatchObject({
        successful: false,
        returnMessage: { message: `${p.displayName} is unavailable`, messageType: 'warning' },
      });
    });
  });

  describe('POST /callLog/cacheNote', () => {
    it('answers at once, and the note reaches a later log of that call that has none', async () => {
      const sessionId = uniqueSessionId();
      const res = await cacheNote(alice, { sessionId, note: 'typed during the call' }).expect(200);
      expect(res.body).toEqual({ successful: true });
      await cacheNote(alice, { sessionId, note: 'typed during the call, then edited' }).expect(200);
      await logCall(alice, callLog({ sessionId, note: '' }));
      expect((await activityOf(sessionId))[0]!.body).toMatch(
        /^- Note: typed during the call, then edited\n/,
      );
    });

    it('is used without a note key at all, but never over a note the log carries', async () => {
      const absent = uniqueSessionId();
      await cacheNote(alice, { sessionId: absent, note: 'cached' }).expect(200);
      const body = callLog({ sessionId: absent }) as Record<string, unknown>;
      delete body.note;
      await logCall(alice, body);
      expect((await activityOf(absent))[0]!.body).toMatch(/^- Note: cached\n/);

      const own = uniqueSessionId();
      await cacheNote(alice, { sessionId: own, note: 'cached' }).expect(200);
      await logCall(alice, callLog({ sessionId: own, note: 'from the form' }));
      expect((await activityOf(own))[0]!.body).toMatch(/^- Note: from the form\n/);
    });

    it("keeps users' notes apart and forgets notes after an hour", async () => {
      const sessionId = uniqueSessionId();
      await cacheNote(bob, { sessionId, note: "Bob's note" }).expect(200);
      await logCall(alice, callLog({ sessionId, note: '' }));
      expect((await activityOf(sessionId))[0]!.body).not.toContain("Bob's note");

      const stale = uniqueSessionId();
      await cacheNote(alice, { sessionId: stale, note: 'too old' }).expect(200);
      await t.dataSource
        .getRepository(CallNoteEntity)
        .update({ sessionId: stale }, { expiresAt: new Date(Date.now() - 1000) });
      await logCall(alice, callLog({ sessionId: stale, note: '' }));
      expect((await activityOf(stale))[0]!.body).not.toContain('too old');
      // A later write sweeps expired notes away.
      await cacheNote(alice, { sessionId: uniqueSessionId(), note: 'x' }).expect(200);
      expect(await t.dataSource.getRepository(CallNoteEntity).countBy({ sessionId: stale })).toBe(
        0,
      );
    });

    it.each([
      [{ note: 'x' }, 'sessionId is required'],
      [{ sessionId: '0', note: 'x' }, 'sessionId must not be 0'],
      [{ sessionId: '1', note: 7 }, 'note must be a string'],
      [{ sessionId: '1', note: 'é'.repeat(40 * 1024) }, 'note must be at most 64 KB'],
    ])('refuses %j with a 400', async (body, message) => {
      const res = await cacheNote(alice, body).expect(400);
      expect(res.text).toContain(message);
    });

    it('answers a missing or bad token at once with the standard 400', async () => {
      for (const request of [
        t.http.post('/callLog/cacheNote').send({ sessionId: '1', note: 'x' }),
        t.http.post('/callLog/cacheNote?jwtToken=nope').send({ sessionId: '1', note: 'x' }),
      ]) {
        const res = await request.expect(400);
        expect(res.text).toBe('Please go to Settings and authorize CRM platform');
      }
    });
  });
}
