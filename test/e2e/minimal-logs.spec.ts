import { MessageLogGroupEntity } from '../../src/message-logs/message-log-group.entity.js';
import { MessageLogEntity } from '../../src/message-logs/message-log.entity.js';
import { wallClock } from '../support/crm-under-test.js';
import { uniqueConversationId, uniqueMessageId, uniqueSessionId } from '../support/factories.js';
import { platformsUnderTest, type PlatformUnderTest } from '../support/platforms.js';
import type { TestApp } from '../support/test-app.js';
import { startSignedInApp } from '../support/signed-in-app.js';

const JANE = '+14155550100';
const AGENT = '+16505550111';

/**
 * Call and message logs carrying only what the official contract requires, and the defaults the
 * server fills in (docs/client-contract.md, Call logs and Message logs).
 */
describe.each(platformsUnderTest())('logs with only the required fields ($platform)', suite);

function suite(p: PlatformUnderTest): void {
  let t: TestApp;
  let alice: string;

  beforeAll(async () => {
    // Alice's CRM zone: p.crm.users.alice.timezone (America/Los_Angeles in the sample CRM).
    ({
      t,
      tokens: { alice },
    } = await startSignedInApp({ users: ['alice'], platform: p }));
  });
  afterAll(() => t.close());

  const post = (path: string, body: object) =>
    t.http.post(path).set('authorization', `Bearer ${alice}`).send(body).expect(200);
  const groups = () => t.dataSource.getRepository(MessageLogGroupEntity);
  const { contact, users } = p.crm;
  const aliceClock = (instant: string) => wallClock(instant, users.alice.timezone);

  describe('POST /callLog', () => {
    const activityOf = async (sessionId: string) => {
      const found = await p.crm.activitiesOf(t, sessionId);
      expect(found).toHaveLength(1);
      return found[0]!;
    };

    it('without a direction: "Call with <contact>", no direction-bound sections', async () => {
      const sessionId = uniqueSessionId();
      const res = await post('/callLog', {
        logInfo: {
          sessionId,
          startTime: 1714575845000,
          duration: 63,
          from: { phoneNumber: JANE, name: 'Jane Doe' },
          to: { phoneNumber: AGENT, name: 'Agent Smith' },
        },
        contactId: contact.id,
        contactName: contact.name,
      });
      expect(res.body.successful).toBe(true);
      const activity = await activityOf(sessionId);
      expect(activity.subject).toBe(`Call with ${contact.name}`);
      expect(activity.body).toContain(`- Summary: Call with ${contact.name}\n`);
      expect(activity.body).toContain('- Duration: 1 minute, 3 seconds\n');
      expect(activity.occurredAt).toBe('2024-05-01T15:04:05.000Z');
    });

    it('without a startTime or duration: the time received, marked, and no duration', async () => {
      const sessionId = uniqueSessionId();
      const before = Date.now();
      await post('/callLog', {
        logInfo: { sessionId, direction: 'Outbound' },
        contactId: contact.id,
      });
      const after = Date.now();
      const activity = await activityOf(sessionId);
      const occurredAt = Date.parse(activity.occurredAt);
      // A CRM that keeps whole seconds stores the received time rounded down.
      const precision = p.crm.timePrecisionMs;
      expect(occurredAt).toBeGreaterThanOrEqual(
        Math.min(before - 1, Math.floor(before / precision) * precision),
      );
      expect(occurredAt).toBeLessThanOrEqual(after + 1);
      expect(activity.subject).toBe('Outbound Call');
      expect(activity.body).toMatch(
        /^- Date\/Time: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [AP]M \(time logged; no call time was sent\)$/m,
      );
      expect(activity.body).not.toMatch(/Duration/);

      // The call's real time and duration, sent later, replace the received time and its mark.
      await t.http
        .patch('/callLog')
        .set('authorization', `Bearer ${alice}`)
        .send({ sessionId, startTime: 1714575845000, duration: 63 })
        .expect(200);
      const patched = (await activityOf(sessionId)).body;
      expect(patched).not.toContain('time logged');
      expect(patched).toContain(`- Date/Time: ${aliceClock('2024-05-01T15:04:05Z')}\n`);
      expect(patched).toContain('- Duration: 1 minute, 3 seconds\n');
    });
  });

  describe('POST /messageLog', () => {
    const minimalMessageLog = (
      messages: { id: string; type: string; [field: string]: unknown }[],
      logInfo: Record<string, unknown> = {},
      numbers = [JANE],
    ) => ({
      logInfo: {
        messages,
        correspondents: numbers.map((phoneNumber) => ({ phoneNumber })),
        ...logInfo,
      },
      contactId: contact.id,
    });
    const activityWith = (groupKey: string) => p.crm.activitiesOf(t, groupKey);

    it("derives conversationLogId from conversationId and the first message's day in the user's zone", async () => {
      const conversationId = uniqueConversationId();
      // E.g. 02:30 UTC on 2 May is 1 May in Los Angeles.
      const { at, day } = p.crm.aliceDayEdge;
      const body = minimalMessageLog([{ id: uniqueMessageId(), type: 'SMS', creationTime: at }], {
        conversationId,
      });
      await post('/messageLog', body);
      const group = await groups().findOneByOrFail({ conversationId });
      expect(group.groupKey).toBe(`${conversationId}-${day}`);
      expect(await activityWith(`${conversationId}-${day}`)).toHaveLength(1);

      // The client's own key for that day names the same group: the next message is appended.
      const later = new Date(Date.parse(at) + 30 * 60_000).toISOString();
      const next = minimalMessageLog(
        [{ id: uniqueMessageId(), type: 'SMS', creationTime: later }],
        { conversationId, conversationLogId: `${conversationId}-${day}` },
      );
      await post('/messageLog', next);
      const [activity, ...others] = await activityWith(`${conversationId}-${day}`);
      expect(others).toEqual([]);
      expect(activity!.body).toContain('- Messages: 2\n');
    });

    it('without either id, one conversation per set of correspondent numbers and day', async () => {
      const stranger = `+1415${uniqueMessageId().slice(-7)}`;
      const at = '2024-05-01T18:00:00Z';
      const first = minimalMessageLog(
        [{ id: uniqueMessageId(), type: 'SMS', creationTime: at, from: { phoneNumber: JANE } }],
        {},
        [JANE, stranger],
      );
      await post('/messageLog', first);
      const second = minimalMessageLog(
        [{ id: uniqueMessageId(), type: 'SMS', creationTime: at, from: { phoneNumber: AGENT } }],
        {},
        [stranger, JANE],
      );
      await post('/messageLog', second);
      const records = t.dataSource.getRepository(MessageLogEntity);
      const [one, two] = await Promise.all(
        [first, second].map((body) =>
          records.findOneByOrFail({ messageId: body.logInfo.messages[0]!.id }),
        ),
      );
      expect(one!.conversationId).toMatch(/^numbers-/);
      expect(one!.groupKey).toBe(`${one!.conversationId}-2024-05-01-${contact.id}`);
      expect(two).toMatchObject({ groupKey: one!.groupKey, crmLogId: one!.crmLogId });
      const [activity, ...others] = await activityWith(one!.groupKey);
      expect(others).toEqual([]);
      // Inferred directions: Jane is a correspondent (inbound), the other number is the agent's.
      expect(activity!.body).toContain(`- Messages: 2\n`);
      expect(activity!.body).toContain(`${aliceClock(at)} ${JANE}: (no text)\n`);
      expect(activity!.body).toContain(`${aliceClock(at)} ${users.alice.name}: (no text)\n`);
    });

    it('the same minimal body posted twice, even at once, makes one CRM activity', async () => {
      const messageId = uniqueMessageId();
      const body = minimalMessageLog([{ id: messageId, type: 'SMS' }], {}, [
        `+1650${uniqueMessageId().slice(-7)}`,
      ]);
      const before = p.crm.activities(t).length;
      const [a, b] = await Promise.all([post('/messageLog', body), post('/messageLog', body)]);
      const third = await post('/messageLog', body);
      expect([a.body.logIds, b.body.logIds].flat()).toEqual([messageId]);
      expect(third.body).toEqual({ successful: true, logIds: [] });
      expect(p.crm.activities(t).length).toBe(before + 1);
    });

    it('refuses a conversation with no id and no correspondent number', async () => {
      const res = await t.http
        .post('/messageLog')
        .set('authorization', `Bearer ${alice}`)
        .send(minimalMessageLog([{ id: uniqueMessageId(), type: 'SMS' }], {}, []))
        .expect(400);
      expect(res.text).toContain(
        'logInfo needs a conversationId, a conversationLogId or a correspondent phoneNumber',
      );
    });
  });
}
