import { MessageLogGroupEntity } from '../../src/message-logs/message-log-group.entity.js';
import { MessageLogEntity } from '../../src/message-logs/message-log.entity.js';
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
    // Alice's CRM zone: America/Los_Angeles
    ({
      t,
      tokens: { alice },
    } = await startSignedInApp({ users: ['alice'], platform: p }));
  });
  afterAll(() => t.close());

  const post = (path: string, body: object) =>
    t.http.post(path).set('authorization', `Bearer ${alice}`).send(body).expect(200);
  const groups = () => t.dataSource.getRepository(MessageLogGroupEntity);

  describe('POST /callLog', () => {
    const activityOf = (sessionId: string) => {
      const found = t.crm.store.activities.filter((a) => a.externalId === sessionId);
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
        contactId: '101',
        contactName: 'Jane Doe',
      });
      expect(res.body.successful).toBe(true);
      const activity = activityOf(sessionId);
      expect(activity.subject).toBe('Call with Jane Doe');
      expect(activity.body).toContain('- Summary: Call with Jane Doe\n');
      expect(activity.body).toContain('- Duration: 1 minute, 3 seconds\n');
      expect(activity.occurredAt).toBe('2024-05-01T15:04:05.000Z');
    });

    it('without a startTime or duration: the time received, marked, and no duration', async () => {
      const sessionId = uniqueSessionId();
      const before = Date.now();
      await post('/callLog', { logInfo: { sessionId, direction: 'Outbound' }, contactId: '101' });
      const after = Date.now();
      const activity = activityOf(sessionId);
      const occurredAt = Date.parse(activity.occurredAt);
      expect(occurredAt).toBeGreaterThanOrEqual(before - 1);
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
      const patched = activityOf(sessionId).body;
      expect(patched).not.toContain('time logged');
      expect(patched).toContain('- Date/Time: 2024-05-01 08:04:05 AM\n');
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
      contactId: '101',
    });
    const activityWith = (externalId: string) =>
      t.crm.store.activities.filter((a) => a.externalId === externalId);

    it("derives conversationLogId from conversationId and the first message's day in the user's zone", async () => {
      const conversationId = uniqueConversationId();
      // 02:30 UTC on 2 May is 1 May in Los Angeles.
      const body = minimalMessageLog(
        [{ id: uniqueMessageId(), type: 'SMS', creationTime: '2024-05-02T02:30:00Z' }],
        { conversationId },
      );
      await post('/messageLog', body);
      const group = await groups().findOneByOrFail({ conversationId });
      expect(group.groupKey).toBe(`${conversationId}-2024-05-01`);
      expect(activityWith(`${conversationId}-2024-05-01`)).toHaveLength(1);

      // The client's own key for that day names the same group: the next message is appended.
      const next = minimalMessageLog(
        [{ id: uniqueMessageId(), type: 'SMS', creationTime: '2024-05-02T03:00:00Z' }],
        { conversationId, conversationLogId: `${conversationId}-2024-05-01` },
      );
      await post('/messageLog', next);
      const [activity, ...others] = activityWith(`${conversationId}-2024-05-01`);
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
      expect(one!.groupKey).toBe(`${one!.conversationId}-2024-05-01-101`);
      expect(two).toMatchObject({ groupKey: one!.groupKey, crmLogId: one!.crmLogId });
      const [activity, ...others] = activityWith(one!.groupKey);
      expect(others).toEqual([]);
      // Inferred directions: Jane is a correspondent (inbound), the other number is the agent's.
      expect(activity!.body).toContain(`- Messages: 2\n`);
      expect(activity!.body).toContain(`2024-05-01 11:00:00 AM ${JANE}: (no text)\n`);
      expect(activity!.body).toContain('2024-05-01 11:00:00 AM Alice Example: (no text)\n');
    });

    it('the same minimal body posted twice, even at once, makes one CRM activity', async () => {
      const messageId = uniqueMessageId();
      const body = minimalMessageLog([{ id: messageId, type: 'SMS' }], {}, [
        `+1650${uniqueMessageId().slice(-7)}`,
      ]);
      const before = t.crm.store.activities.length;
      const [a, b] = await Promise.all([post('/messageLog', body), post('/messageLog', body)]);
      const third = await post('/messageLog', body);
      expect([a.body.logIds, b.body.logIds].flat()).toEqual([messageId]);
      expect(third.body).toEqual({ successful: true, logIds: [] });
      expect(t.crm.store.activities.length).toBe(before + 1);
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
