import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database.config.js';
import { typeOrmOptions } from '../../src/database/typeorm-options.js';
import { ENTITIES } from '../../src/entities.js';
import { MessageLogGroupEntity } from '../../src/message-logs/message-log-group.entity.js';
import {
  DEFAULT_GROUP_CLAIM_TTL_MS,
  MessageLogGroupsService,
  type GroupRef,
} from '../../src/message-logs/message-log-groups.service.js';
import { testDatabaseKind } from '../support/test-database.js';
import {
  insertUser,
  startPersistence,
  type PersistenceHarness,
} from '../support/test-persistence.js';

describe(`message-log groups and their claims on ${testDatabaseKind()}`, () => {
  let h: PersistenceHarness;
  let groups: MessageLogGroupsService;
  let alice: string;
  let bob: string;

  const newUser = (crmUserId: string) => insertUser(h.dataSource, { crmUserId, name: crmUserId });
  const ref = (userId: string, groupKey: string): GroupRef => ({
    userId,
    groupKey,
    conversationId: 'c1',
    contactId: '101',
  });
  const rows = () => h.dataSource.getRepository(MessageLogGroupEntity).find();

  beforeAll(async () => {
    h = await startPersistence([MessageLogGroupsService]);
    groups = h.module.get(MessageLogGroupsService);
    alice = await newUser('alice');
    bob = await newUser('bob');
  });
  afterAll(() => h.close());

  it('creates one row per (user, group key), even when 20 requests race', async () => {
    const made = await Promise.all(
      Array.from({ length: 20 }, () => groups.ensure(ref(alice, 'g1'))),
    );
    expect(new Set(made.map((g) => g.id)).size).toBe(1);
    await groups.ensure(ref(bob, 'g1'));
    expect(
      (await rows())
        .filter((r) => r.groupKey === 'g1')
        .map((r) => r.userId)
        .sort(),
    ).toEqual([alice, bob].sort());
  });

  it('compares group keys exactly (CRM ids may differ only by case)', async () => {
    const upper = await groups.ensure(ref(alice, 'day-Abc'));
    const lower = await groups.ensure(ref(alice, 'day-abc'));
    expect(upper.id).not.toBe(lower.id);
    expect((await groups.ensure(ref(alice, 'day-abc'))).id).toBe(lower.id);
  });

  it('lets one holder at a time work on a group: 30 racing lockers never overlap', async () => {
    let active = 0;
    let most = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: 30 }, async () => {
        const lock = await groups.claim(ref(alice, 'g-race'));
        if (!lock) throw new Error('lock not taken within the wait');
        active += 1;
        most = Math.max(most, active);
        await new Promise((resolve) => setTimeout(resolve, 2));
        active -= 1;
        done += 1;
        await groups.release(lock);
      }),
    );
    expect(done).toBe(30);
    expect(most).toBe(1);
  });

  it('serializes two instances (separate connection pools) on the same group', async () => {
    const other = await new DataSource(
      typeOrmOptions(parseDatabaseUrl(h.db.url, '/unused'), ENTITIES),
    ).initialize();
    try {
      const second = new MessageLogGroupsService(other.getRepository(MessageLogGroupEntity), {
        messageLogLockTtlSeconds: DEFAULT_GROUP_CLAIM_TTL_MS / 1000,
      });
      let active = 0;
      let most = 0;
      await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const service = i % 2 === 0 ? groups : second;
          const lock = await service.claim(ref(alice, 'g-instances'));
          if (!lock) throw new Error('lock not taken within the wait');
          active += 1;
          most = Math.max(most, active);
          await new Promise((resolve) => setTimeout(resolve, 2));
          active -= 1;
          await service.release(lock);
        }),
      );
      expect(most).toBe(1);
    } finally {
      await other.destroy();
    }
  });

  it('hands the activity id to the next holder', async () => {
    const first = await groups.claim(ref(alice, 'g-id'));
    expect(first?.crmLogId).toBeNull();
    await groups.setCrmLogId(first!, 'crm-7');
    await groups.release(first!);
    const next = await groups.claim(ref(alice, 'g-id'));
    expect(next?.crmLogId).toBe('crm-7');
    await groups.release(next!);
    expect((await groups.claim(ref(bob, 'g-id')))?.crmLogId).toBeNull();
  });

  it('gives up after the wait while the lock is held, and takes over an expired lock', async () => {
    const held = await groups.claim(ref(alice, 'g-busy'));
    const started = Date.now();
    expect(await groups.claim(ref(alice, 'g-busy'), 150)).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    const later = new Date(Date.now() + DEFAULT_GROUP_CLAIM_TTL_MS + 1000);
    const takeovers = await Promise.all([
      groups.tryClaim(held!.groupId, later),
      groups.tryClaim(held!.groupId, later),
    ]);
    expect(takeovers.filter(Boolean)).toHaveLength(1);
    // The old holder can neither record an activity nor release the new holder's lock.
    await expect(groups.setCrmLogId(held!, 'stale')).rejects.toThrow('taken over');
    await groups.release(held!);
    const row = await h.dataSource
      .getRepository(MessageLogGroupEntity)
      .findOneByOrFail({ id: held!.groupId });
    expect(row.claimToken).toBe(takeovers.find(Boolean));
    expect(row.crmLogId).toBeNull();
  });
});
