import { MessageLogEntity } from '../../src/message-logs/message-log.entity.js';
import {
  MessageLogRecordsService,
  type NewMessageLog,
} from '../../src/message-logs/message-log-records.service.js';
import { testDatabaseKind } from '../support/test-database.js';
import {
  insertUser,
  startPersistence,
  type PersistenceHarness,
} from '../support/test-persistence.js';

describe(`message-log records on ${testDatabaseKind()}`, () => {
  let h: PersistenceHarness;
  let records: MessageLogRecordsService;
  let alice: string;
  let bob: string;

  const newUser = (crmUserId: string) => insertUser(h.dataSource, { crmUserId, name: crmUserId });
  const log = (messageId: string, extra: Partial<NewMessageLog> = {}): NewMessageLog => ({
    messageKey: messageId,
    messageId,
    conversationId: 'c1',
    groupKey: 'c1-2024-05-01',
    crmLogId: 'crm-1',
    contactId: '101',
    ...extra,
  });

  beforeAll(async () => {
    h = await startPersistence([MessageLogRecordsService]);
    records = h.module.get(MessageLogRecordsService);
    alice = await newUser('alice');
    bob = await newUser('bob');
  });
  afterAll(() => h.close());

  it('records messages and finds them by key and by message id, per user', async () => {
    await records.record(alice, [
      log('m1'),
      log('m2', { messageKey: 'm2-101' }),
      log('m2', { messageKey: 'm2-103', contactId: '103', crmLogId: 'crm-2' }),
    ]);
    expect(
      [...(await records.findByKeys(alice, ['m1', 'm2', 'm2-101', 'x'])).keys()].sort(),
    ).toEqual(['m1', 'm2-101']);
    expect((await records.findByKeys(bob, ['m1'])).size).toBe(0);
    const byId = await records.findByMessageIds(alice, ['m2']);
    expect(byId.map((r) => [r.messageKey, r.contactId, r.crmLogId]).sort()).toEqual([
      ['m2-101', '101', 'crm-1'],
      ['m2-103', '103', 'crm-2'],
    ]);
    expect(await records.findByMessageIds(bob, ['m2'])).toEqual([]);
  });

  it('keeps the first record of a message recorded twice, and records the rest', async () => {
    await records.record(alice, [log('d1')]);
    await records.record(alice, [log('d1', { crmLogId: 'crm-other' }), log('d2')]);
    const found = await records.findByKeys(alice, ['d1', 'd2']);
    expect(found.get('d1')?.crmLogId).toBe('crm-1');
    expect(found.get('d2')).toBeDefined();
    expect(
      await h.dataSource
        .getRepository(MessageLogEntity)
        .countBy({ userId: alice, messageId: 'd1' }),
    ).toBe(1);
  });

  it('compares keys exactly and handles more keys than one query takes', async () => {
    await records.record(alice, [log('k-Abc'), log('k-abc')]);
    expect((await records.findByKeys(alice, ['k-ABC', 'k-abc', 'k-Abc'])).size).toBe(2);
    const many = Array.from({ length: 1200 }, (_, i) => log(`bulk-${i}`));
    await records.record(alice, many);
    const found = await records.findByKeys(
      alice,
      many.map((m) => m.messageKey),
    );
    expect(found.size).toBe(1200);
  });
});
