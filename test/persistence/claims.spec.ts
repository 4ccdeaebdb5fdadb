import type { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { ClaimStore, ClaimTakenOverError } from '../../src/database/claims/claim-store.js';
import { NamedClaimEntity } from '../../src/database/claims/named-claim.entity.js';
import { NamedClaims, ClaimBusyError } from '../../src/database/claims/named-claims.service.js';
import { waitForClaim } from '../../src/database/claims/wait-for-claim.js';
import { MessageLogGroupEntity } from '../../src/message-logs/message-log-group.entity.js';
import { testDatabaseKind } from '../support/test-database.js';
import {
  insertUser,
  startPersistence,
  type PersistenceHarness,
} from '../support/test-persistence.js';

const TTL_MS = 60_000;

/** The claim primitive itself, over two real tables: rows that exist only as a claim, and rows that carry one. */
describe(`claims on ${testDatabaseKind()}`, () => {
  let h: PersistenceHarness;
  let alice: string;
  let errors: string[];
  const logger = { error: (line: string) => errors.push(line) } as unknown as Logger;
  let named: ClaimStore<NamedClaimEntity>;
  let groups: ClaimStore<MessageLogGroupEntity>;
  let groupRows: Repository<MessageLogGroupEntity>;

  const columns = { token: 'claimToken', expiresAt: 'claimExpiresAt' } as const;
  const later = () => new Date(Date.now() + TTL_MS + 1000);
  const newGroup = async () => {
    const id = randomUUID();
    await groupRows.insert({
      id,
      userId: alice,
      groupKey: id,
      conversationId: 'c1',
      contactId: '101',
      crmLogId: null,
      claimToken: null,
      claimExpiresAt: null,
    });
    return id;
  };
  const group = (id: string) => groupRows.findOneByOrFail({ id });

  beforeAll(async () => {
    h = await startPersistence([NamedClaims]);
    alice = await insertUser(h.dataSource);
    groupRows = h.dataSource.getRepository(MessageLogGroupEntity);
    named = new ClaimStore(
      h.dataSource.getRepository(NamedClaimEntity),
      { token: 'token', expiresAt: 'expiresAt' },
      TTL_MS,
      logger,
    );
    groups = new ClaimStore(groupRows, columns, TTL_MS, logger);
  });
  afterAll(() => h.close());
  beforeEach(() => {
    errors = [];
  });

  it('lets exactly one of 30 concurrent inserts of one claim win', async () => {
    const key = `k-${randomUUID()}`;
    const tokens = await Promise.all(Array.from({ length: 30 }, () => named.insert({ key })));
    expect(tokens.filter(Boolean)).toHaveLength(1);
    const row = await h.dataSource.getRepository(NamedClaimEntity).findOneByOrFail({ key });
    expect(row.token).toBe(tokens.find(Boolean));
  });

  it('lets exactly one of 30 concurrent takers of a free row win, and no one while it is held', async () => {
    const id = await newGroup();
    const tokens = await Promise.all(
      Array.from({ length: 30 }, () => groups.take({ id }, { free: true })),
    );
    expect(tokens.filter(Boolean)).toHaveLength(1);
    expect((await group(id)).claimToken).toBe(tokens.find(Boolean));
    expect(await groups.take({ id }, { free: true })).toBeNull();
    // Without `free`, only an expired claim is taken: a row nobody holds stays as it is.
    const other = await newGroup();
    expect(await groups.take({ id: other })).toBeNull();
  });

  it('takes over an expired claim once; the stale holder can neither complete (logged) nor release', async () => {
    const id = await newGroup();
    const stale = (await groups.take({ id }, { free: true }))!;
    const at = later();
    const takers = await Promise.all(
      Array.from({ length: 10 }, () => groups.take({ id }, { now: at, set: { contactId: '202' } })),
    );
    expect(takers.filter(Boolean)).toHaveLength(1);
    const fresh = takers.find(Boolean)!;

    await expect(
      groups.complete(
        { id },
        stale,
        { crmLogId: 'crm-stale' },
        {
          crmLogId: 'crm-stale',
          subject: `message group ${id}`,
        },
      ),
    ).rejects.toBeInstanceOf(ClaimTakenOverError);
    expect(errors).toEqual([
      `RECONCILE: CRM activity crm-stale was created for message group ${id} but could not be recorded: the claim was taken over before it completed`,
    ]);
    expect(await groups.release({ id }, stale)).toBe(false);
    expect(await group(id)).toMatchObject({ claimToken: fresh, crmLogId: null, contactId: '202' });
  });

  it('completes by the holder: writes the outcome and ends the claim, or keeps it when asked', async () => {
    const id = await newGroup();
    const token = (await groups.take({ id }, { free: true }))!;
    await groups.complete(
      { id },
      token,
      { crmLogId: 'crm-1' },
      {
        crmLogId: 'crm-1',
        subject: 'x',
        keepClaim: true,
      },
    );
    expect(await group(id)).toMatchObject({ crmLogId: 'crm-1', claimToken: token });
    await groups.complete(
      { id },
      token,
      { crmLogId: 'crm-2' },
      { crmLogId: 'crm-2', subject: 'x' },
    );
    expect(await group(id)).toMatchObject({
      crmLogId: 'crm-2',
      claimToken: null,
      claimExpiresAt: null,
    });
    expect(errors).toEqual([]);
  });

  it('releases: clears a claim in place, or removes a row that is only a claim', async () => {
    const id = await newGroup();
    const token = (await groups.take({ id }, { free: true }))!;
    expect(await groups.release({ id }, token)).toBe(true);
    expect(await group(id)).toMatchObject({ claimToken: null, claimExpiresAt: null });
    expect(await groups.take({ id }, { free: true })).not.toBeNull();

    const key = `k-${randomUUID()}`;
    const held = (await named.insert({ key }))!;
    expect(await named.release({ key }, 'not-the-holder', { remove: true })).toBe(false);
    expect(await named.release({ key }, held, { remove: true })).toBe(true);
    expect(await h.dataSource.getRepository(NamedClaimEntity).findOneBy({ key })).toBeNull();
    expect(await named.insert({ key })).not.toBeNull();
  });

  it('waits for a claim held elsewhere until it is released, and gives up while it is kept', async () => {
    const id = await newGroup();
    const holder = (await groups.take({ id }, { free: true }))!;
    let attempts = 0;
    const waiting = waitForClaim(async () => {
      attempts += 1;
      if (attempts === 3) await groups.release({ id }, holder);
      return groups.take({ id }, { free: true });
    }, 10_000);
    const token = await waiting;
    expect(token).toEqual(expect.any(String));
    expect(attempts).toBe(3);
    expect((await group(id)).claimToken).toBe(token);

    attempts = 0;
    const gaveUp = await waitForClaim(() => {
      attempts += 1;
      return groups.take({ id }, { free: true });
    }, 100);
    expect(gaveUp).toBeUndefined();
    expect(attempts).toBeGreaterThan(1);
  });

  it('runs work under a named claim, one holder at a time, and reports a claim kept too long', async () => {
    const claims = h.module.get(NamedClaims);
    const name = `update:${randomUUID()}`;
    let active = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        claims.withClaim(name, { ttlMs: TTL_MS, waitMs: 10_000 }, async () => {
          active += 1;
          most = Math.max(most, active);
          await new Promise((resolve) => setTimeout(resolve, 2));
          active -= 1;
        }),
      ),
    );
    expect(most).toBe(1);

    const kept = (await claims.tryClaim(name, TTL_MS))!;
    await expect(
      claims.withClaim(name, { ttlMs: TTL_MS, waitMs: 50 }, async () => 'ran'),
    ).rejects.toBeInstanceOf(ClaimBusyError);
    expect(await claims.tryClaim(name, TTL_MS, later())).not.toBeNull();
    await claims.release(name, kept);
  });
});
