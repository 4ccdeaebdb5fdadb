import { DataSource } from 'typeorm';
import { CalldownEntryEntity } from '../../src/calldown/calldown-entry.entity.js';
import { CalldownService, MAX_CALLDOWN_ENTRIES } from '../../src/calldown/calldown.service.js';
import { AppError } from '../../src/common/errors/app-error.js';
import { parseDatabaseUrl } from '../../src/config/database.config.js';
import { typeOrmOptions } from '../../src/database/typeorm-options.js';
import { ENTITIES } from '../../src/entities.js';
import { UserEntity } from '../../src/users/user.entity.js';
import { testDatabaseKind } from '../support/test-database.js';
import {
  insertUser,
  startPersistence,
  type PersistenceHarness,
} from '../support/test-persistence.js';

describe(`call-down entries on ${testDatabaseKind()}`, () => {
  let h: PersistenceHarness;
  let calldown: CalldownService;

  const newUser = () => insertUser(h.dataSource);
  const at = (iso: string) => new Date(iso);
  const notFound = expect.objectContaining({ code: 'RECORD_NOT_FOUND' }) as AppError;

  beforeAll(async () => {
    h = await startPersistence([CalldownService]);
    calldown = h.module.get(CalldownService);
  });
  afterAll(() => h.close());

  it('lists by schedule, unscheduled last, with millisecond times, per user', async () => {
    const alice = await newUser();
    const bob = await newUser();
    const late = await calldown.schedule(alice, {
      contactId: 'C-late',
      scheduledAt: at('2030-01-02T10:00:00.250Z'),
    });
    const none = await calldown.schedule(alice, { phoneNumber: '+14155550100' });
    const early = await calldown.schedule(alice, {
      contactId: 'C-early',
      contactType: 'Lead',
      contactName: 'Ann Early',
      note: 'about the quote',
      scheduledAt: at('2030-01-02T10:00:00.125Z'),
    });
    await calldown.schedule(bob, { contactId: 'C-bob', scheduledAt: at('2029-01-01T00:00:00Z') });

    const items = await calldown.list(alice);
    expect(items.map((e) => e.id)).toEqual([early, late, none]);
    expect(items[0]).toEqual({
      id: early,
      contactId: 'C-early',
      contactType: 'Lead',
      contactName: 'Ann Early',
      phoneNumber: null,
      note: 'about the quote',
      status: 'scheduled',
      scheduledAt: at('2030-01-02T10:00:00.125Z'),
      lastCallAt: null,
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    expect(items[2]).toMatchObject({ contactId: null, contactType: 'contact', scheduledAt: null });
    expect((await calldown.list(bob)).map((e) => e.contactId)).toEqual(['C-bob']);
  });

  it('filters by status as the official document says, case-insensitively', async () => {
    const alice = await newUser();
    const first = await calldown.schedule(alice, { contactId: '1', scheduledAt: at('2030-01-01') });
    const second = await calldown.schedule(alice, {
      contactId: '2',
      scheduledAt: at('2030-01-02'),
    });
    const when = at('2030-01-01T09:30:00Z');
    await calldown.update(alice, first, { status: 'called', lastCallAt: when });

    const ids = async (status?: string) => (await calldown.list(alice, status)).map((e) => e.id);
    expect(await ids('called')).toEqual([first]);
    expect(await ids('Called')).toEqual([first]);
    for (const notCalled of ['not called', 'not_called', 'NotCalled']) {
      expect(await ids(notCalled)).toEqual([second]);
    }
    for (const all of [undefined, '', 'All', 'scheduled-or-whatever']) {
      expect(await ids(all)).toEqual([first, second]);
    }
    expect((await calldown.list(alice, 'called'))[0]?.lastCallAt).toEqual(when);
  });

  it('marking called without a time records now; null clears a field; contact ids are byte-exact', async () => {
    const alice = await newUser();
    const id = await calldown.schedule(alice, {
      contactId: 'Abc',
      phoneNumber: '+14155550100',
      scheduledAt: at('2030-01-01T00:00:00Z'),
    });
    const now = at('2030-01-01T00:05:00.500Z');
    await calldown.update(alice, id, { status: 'called', scheduledAt: null }, now);
    const [entry] = await calldown.list(alice);
    expect(entry).toMatchObject({ status: 'called', lastCallAt: now, scheduledAt: null });
    await calldown.schedule(alice, { contactId: 'abc' });
    expect((await calldown.list(alice)).map((e) => e.contactId).sort()).toEqual(['Abc', 'abc']);
  });

  it("never changes or deletes another user's entry, and says not found as for a missing one", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const id = await calldown.schedule(alice, { contactId: 'C1' });
    await expect(calldown.update(bob, id, { status: 'called' })).rejects.toEqual(notFound);
    await expect(calldown.remove(bob, id)).rejects.toEqual(notFound);
    await expect(calldown.remove(bob, 'no-such-id')).rejects.toEqual(notFound);
    await expect(calldown.remove(alice, 'x'.repeat(300))).rejects.toEqual(notFound);
    expect((await calldown.list(alice))[0]).toMatchObject({ id, status: 'scheduled' });

    await calldown.remove(alice, id);
    expect(await calldown.list(alice)).toEqual([]);
    await expect(calldown.remove(alice, id)).rejects.toEqual(notFound);
  });

  it('refuses an entry with neither contact nor number, an empty update, and one entry too many', async () => {
    const alice = await newUser();
    await expect(calldown.schedule(alice, { note: 'who?' })).rejects.toThrow(
      'contactId or phoneNumber is required',
    );
    const id = await calldown.schedule(alice, { contactId: 'C1' });
    await expect(calldown.update(alice, id, {})).rejects.toThrow(/nothing to update/);

    const rows = Array.from({ length: MAX_CALLDOWN_ENTRIES - 1 }, (_, i) => ({
      id: `fill-${alice.slice(0, 8)}-${i}`,
      userId: alice,
      contactId: String(i),
      status: 'scheduled' as const,
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await h.dataSource.getRepository(CalldownEntryEntity).insert(rows.slice(i, i + 200));
    }
    await expect(calldown.schedule(alice, { contactId: 'one-more' })).rejects.toThrow(
      `at most ${MAX_CALLDOWN_ENTRIES}`,
    );
    expect(await calldown.list(alice)).toHaveLength(MAX_CALLDOWN_ENTRIES);
  });

  it("survives a restart, and goes with its user's row", async () => {
    const alice = await newUser();
    const id = await calldown.schedule(alice, {
      contactId: 'C1',
      scheduledAt: at('2030-05-01T12:00:00.001Z'),
    });
    const fresh = await new DataSource(
      typeOrmOptions(parseDatabaseUrl(h.db.url, '/unused'), ENTITIES),
    ).initialize();
    try {
      const row = await fresh.getRepository(CalldownEntryEntity).findOneByOrFail({ id });
      expect(row).toMatchObject({ userId: alice, scheduledAt: at('2030-05-01T12:00:00.001Z') });
      await fresh.getRepository(UserEntity).delete({ id: alice });
      expect(await fresh.getRepository(CalldownEntryEntity).countBy({ userId: alice })).toBe(0);
    } finally {
      await fresh.destroy();
    }
  });
});
