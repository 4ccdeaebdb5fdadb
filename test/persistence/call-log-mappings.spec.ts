import {
  CallLogMappingsService,
  DEFAULT_CLAIM_TTL_MS,
} from '../../src/call-logs/call-log-mappings.service.js';
import { CallLogMappingEntity } from '../../src/call-logs/call-log-mapping.entity.js';
import { UserEntity } from '../../src/users/user.entity.js';
import { testDatabaseKind } from '../support/test-database.js';
import {
  insertUser,
  startPersistence,
  type PersistenceHarness,
} from '../support/test-persistence.js';

describe(`call-log claims on ${testDatabaseKind()}`, () => {
  let h: PersistenceHarness;
  let mappings: CallLogMappingsService;
  let alice: string;
  let bob: string;

  const newUser = (crmUserId: string) => insertUser(h.dataSource, { crmUserId, name: crmUserId });
  const key = (userId: string, sessionId: string, extensionKey = '') => ({
    userId,
    sessionId,
    extensionKey,
  });
  const rows = () => h.dataSource.getRepository(CallLogMappingEntity).find();

  beforeAll(async () => {
    h = await startPersistence([CallLogMappingsService]);
    mappings = h.module.get(CallLogMappingsService);
    alice = await newUser('alice');
    bob = await newUser('bob');
  });
  afterAll(() => h.close());

  it('claims, completes, and then reports the call as logged', async () => {
    const claim = await mappings.claim(key(alice, 's1'), '101');
    expect(claim.kind).toBe('claimed');
    expect(await mappings.claim(key(alice, 's1'), '101')).toEqual({ kind: 'busy' });
    await mappings.complete(claim as { id: string; token: string }, 'crm-1');
    expect(await mappings.claim(key(alice, 's1'), '101')).toEqual({
      kind: 'logged',
      logId: 'crm-1',
    });
    const found = await mappings.find(key(alice, 's1'));
    expect(found).toMatchObject({
      status: 'logged',
      crmLogId: 'crm-1',
      contactId: '101',
      claimToken: null,
    });
  });

  it('lets exactly one of 50 concurrent claims win', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => mappings.claim(key(alice, 's-race'), '101')),
    );
    expect(results.filter((r) => r.kind === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'busy')).toHaveLength(49);
    expect((await rows()).filter((r) => r.sessionId === 's-race')).toHaveLength(1);
  });

  it('releases a claim so a retry can claim again', async () => {
    const claim = (await mappings.claim(key(alice, 's2'), '101')) as { id: string; token: string };
    await mappings.release(claim);
    expect(await mappings.find(key(alice, 's2'))).toBeNull();
    expect((await mappings.claim(key(alice, 's2'), '101')).kind).toBe('claimed');
  });

  it('lets an expired claim be taken over, and only by one request; the old holder can no longer complete', async () => {
    const old = (await mappings.claim(key(alice, 's3'), '101')) as { id: string; token: string };
    const later = new Date(Date.now() + DEFAULT_CLAIM_TTL_MS + 1000);
    const takeovers = await Promise.all([
      mappings.claim(key(alice, 's3'), '101', later),
      mappings.claim(key(alice, 's3'), '101', later),
    ]);
    expect(takeovers.map((t) => t.kind).sort()).toEqual(['busy', 'claimed']);
    await expect(mappings.complete(old, 'stale')).rejects.toThrow('taken over');
    const fresh = takeovers.find((t) => t.kind === 'claimed') as { id: string; token: string };
    await mappings.complete(fresh, 'crm-3');
    expect((await mappings.find(key(alice, 's3')))?.crmLogId).toBe('crm-3');
  });

  it('scopes everything to the user', async () => {
    const a = (await mappings.claim(key(alice, 's4'), '101')) as { id: string; token: string };
    await mappings.complete(a, 'crm-a');
    expect(await mappings.find(key(bob, 's4'))).toBeNull();
    expect((await mappings.claim(key(bob, 's4'), '101')).kind).toBe('claimed');
    const many = await mappings.findMany(bob, ['s4', 's1'], '');
    expect([...many.keys()]).toEqual(['s4']);
    expect(many.get('s4')?.userId).toBe(bob);
  });

  it('looks up the exact extension key first, then the key ""', async () => {
    const plain = (await mappings.claim(key(alice, 's5'), '101')) as { id: string; token: string };
    await mappings.complete(plain, 'crm-plain');
    expect((await mappings.find(key(alice, 's5', 'ext-9')))?.crmLogId).toBe('crm-plain');
    const own = (await mappings.claim(key(alice, 's6', 'ext-9'), '101')) as {
      id: string;
      token: string;
    };
    await mappings.complete(own, 'crm-ext');
    const other = (await mappings.claim(key(alice, 's6', 'ext-8'), '101')) as {
      id: string;
      token: string;
    };
    await mappings.complete(other, 'crm-ext-8');
    expect((await mappings.find(key(alice, 's6', 'ext-9')))?.crmLogId).toBe('crm-ext');
    expect((await mappings.findMany(alice, ['s6'], 'ext-8')).get('s6')?.crmLogId).toBe('crm-ext-8');
    expect(await mappings.find(key(alice, 's6', 'ext-7'))).toBeNull();
  });

  it('finds the log of a request that names no extension, whatever its key; claims stay exact', async () => {
    // An older client logs with extensionNumber, then looks the call up without it.
    const logged = (await mappings.claim(key(alice, 's8', 'n:101'), '101')) as {
      id: string;
      token: string;
    };
    await mappings.complete(logged, 'crm-101');
    const later = (await mappings.claim(key(alice, 's8', 'n:102'), '101')) as {
      id: string;
      token: string;
    };
    await mappings.complete(later, 'crm-102');
    // The oldest wins; rows created within the same second (SQLite) tie-break by id, so every
    // lookup picks the same one.
    const found = (await mappings.find(key(alice, 's8', '')))?.crmLogId;
    expect(['crm-101', 'crm-102']).toContain(found);
    expect((await mappings.findMany(alice, ['s8'], '')).get('s8')?.crmLogId).toBe(found);
    expect(await mappings.find(key(bob, 's8', ''))).toBeNull();
    // The "" row, when there is one, wins; and a claim with key "" is its own call record.
    expect((await mappings.claim(key(alice, 's8', ''), '101')).kind).toBe('claimed');
  });

  it('keeps mappings when the user row stays (logout) and removes them with the user', async () => {
    const user = await newUser('carol');
    const c = (await mappings.claim(key(user, 's7'), '101')) as { id: string; token: string };
    await mappings.complete(c, 'crm-c');
    await h.dataSource.getRepository(UserEntity).delete({ id: user });
    expect(await mappings.find(key(user, 's7'))).toBeNull();
  });
});
