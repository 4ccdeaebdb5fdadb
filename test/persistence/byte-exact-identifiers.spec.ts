import { randomBytes } from 'node:crypto';
import { CallLogMappingsService } from '../../src/call-logs/call-log-mappings.service.js';
import { CallNotesService } from '../../src/call-logs/call-notes.service.js';
import { NamedClaims } from '../../src/database/claims/named-claims.service.js';
import { MessageLogGroupsService } from '../../src/message-logs/message-log-groups.service.js';
import { MessageLogRecordsService } from '../../src/message-logs/message-log-records.service.js';
import { UsersService } from '../../src/users/users.service.js';
import { testDatabaseKind } from '../support/test-database.js';
import {
  insertUser,
  startPersistence,
  type PersistenceHarness,
} from '../support/test-persistence.js';

/**
 * Varchar columns that may keep the database's default collation: values the server makes itself
 * (UUIDs, constants) and display text. Every other varchar column of an entity holds a client or
 * CRM identifier and must compare byte for byte.
 */
const CASE_INSENSITIVE_ALLOWED = new Set([
  'id',
  'user_id',
  'call_logs.status',
  'call_logs.claim_token',
  'message_log_groups.lock_token',
  'leases.owner',
  'users.name',
  'users.timezone',
  'users.auth_type',
  'oauth_states.client_source',
  // Shown to the user, or an enum: nothing is looked up by them.
  'calldown_entries.contact_name',
  'calldown_entries.phone_number',
  'calldown_entries.status',
]);

const kind = testDatabaseKind();

describe(`identifiers that differ only by case are different on ${kind}`, () => {
  let h: PersistenceHarness;
  let alice: string;
  const get = <T>(type: new (...args: never[]) => T) => h.module.get(type);

  beforeAll(async () => {
    h = await startPersistence([
      CallLogMappingsService,
      CallNotesService,
      NamedClaims,
      MessageLogGroupsService,
      MessageLogRecordsService,
      UsersService,
    ]);
    alice = await insertUser(h.dataSource);
  });
  afterAll(() => h.close());

  it('claims two call sessions and finds each by its own id only', async () => {
    const mappings = get(CallLogMappingsService);
    const key = (sessionId: string, extensionKey = 'Ext-A') => ({
      userId: alice,
      sessionId,
      extensionKey,
    });
    const upper = await mappings.claim(key('CkAbXY'), '101');
    const lower = await mappings.claim(key('CkAbxy'), '101');
    expect([upper.kind, lower.kind]).toEqual(['claimed', 'claimed']);
    await mappings.complete(upper as { id: string; token: string }, 'crm-upper');
    expect(await mappings.claim(key('CkAbxy'), '101')).toEqual({ kind: 'busy' });
    expect((await mappings.find(key('CkAbXY')))?.crmLogId).toBe('crm-upper');
    expect((await mappings.find(key('CkAbxy')))?.status).toBe('pending');
    expect(await mappings.find(key('CKABXY'))).toBeNull();
    // The extension key identifies too: another case is another party's log.
    expect((await mappings.claim(key('CkAbXY', 'ext-a'), '101')).kind).toBe('claimed');
    const many = await mappings.findMany(alice, ['CkAbXY', 'ckabxy'], 'Ext-A');
    expect([...many.keys()]).toEqual(['CkAbXY']);
  });

  it('keeps two users whose CRM user ids differ only by case', async () => {
    const users = get(UsersService);
    const login = (crmUserId: string) =>
      users.saveLogin(
        { platform: 'sample-crm', hostname: '', crmUserId, name: crmUserId, authType: 'apiKey' },
        () => ({ apiKey: 'cipher' }),
      );
    const upper = await login('U-Abc');
    const lower = await login('u-abc');
    expect(lower.id).not.toBe(upper.id);
    expect((await login('U-Abc')).id).toBe(upper.id);
  });

  it('records messages and conversation groups per exact key', async () => {
    const records = get(MessageLogRecordsService);
    const log = (messageId: string, conversationId: string) => ({
      messageKey: messageId,
      messageId,
      conversationId,
      groupKey: `${conversationId}-2024-05-01`,
      crmLogId: `crm-${messageId}`,
      contactId: '101',
    });
    await records.record(alice, [log('Msg-A', 'Conv-A'), log('msg-a', 'conv-a')]);
    const byKey = await records.findByKeys(alice, ['Msg-A', 'msg-a', 'MSG-A']);
    expect([...byKey.entries()].map(([k, r]) => [k, r.crmLogId]).sort()).toEqual([
      ['Msg-A', 'crm-Msg-A'],
      ['msg-a', 'crm-msg-a'],
    ]);
    expect((await records.findByMessageIds(alice, ['MSG-A'])).length).toBe(0);

    const groups = get(MessageLogGroupsService);
    const ref = (groupKey: string) => ({
      userId: alice,
      groupKey,
      conversationId: groupKey,
      contactId: '101',
    });
    const upper = await groups.ensure(ref('Conv-A-2024-05-01'));
    const lower = await groups.ensure(ref('conv-a-2024-05-01'));
    expect(lower.id).not.toBe(upper.id);
    const claim = await groups.claim(ref('Conv-A-2024-05-01'), 0);
    expect(await groups.claim(ref('conv-a-2024-05-01'), 0)).toBeDefined();
    expect(claim).toBeDefined();
  });

  it('holds named claims and call notes per exact key', async () => {
    const claims = get(NamedClaims);
    const prefix = randomBytes(4).toString('hex');
    expect(await claims.tryClaim(`call-log:${prefix}:Log-A`, 60_000)).not.toBeNull();
    expect(await claims.tryClaim(`call-log:${prefix}:log-a`, 60_000)).not.toBeNull();
    expect(await claims.tryClaim(`call-log:${prefix}:Log-A`, 60_000)).toBeNull();
    // A key ending in a 255-character CRM id is longer than the column: still exact and whole.
    const long = `call-log:${prefix}:${'L'.repeat(254)}`;
    const owner = await claims.tryClaim(`${long}A`, 60_000);
    expect(owner).not.toBeNull();
    expect(await claims.tryClaim(`${long}a`, 60_000)).not.toBeNull();
    expect(await claims.tryClaim(`${long}A`, 60_000)).toBeNull();
    await claims.release(`${long}A`, owner!);
    expect(await claims.tryClaim(`${long}A`, 60_000)).not.toBeNull();

    const notes = get(CallNotesService);
    await notes.cache(alice, 'NoteXY', 'upper');
    await notes.cache(alice, 'Notexy', 'lower');
    expect(await notes.find(alice, 'NoteXY')).toBe('upper');
    expect(await notes.find(alice, 'Notexy')).toBe('lower');
    expect(await notes.find(alice, 'NOTEXY')).toBeUndefined();
  });

  (kind === 'mysql' ? it : it.skip)(
    'gives every identifier column of every entity a binary collation',
    async () => {
      const rows: { table: string; column: string; collation: string }[] = await h.dataSource.query(
        `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS \`column\`, COLLATION_NAME AS collation
           FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()`,
      );
      const collationOf = new Map(rows.map((r) => [`${r.table}.${r.column}`, r.collation]));
      const identifiers = h.dataSource.entityMetadatas.flatMap((entity) =>
        entity.columns
          .filter((c) => c.type === 'varchar')
          .map((c) => `${entity.tableName}.${c.databaseName}`)
          .filter((name) => !CASE_INSENSITIVE_ALLOWED.has(name.split('.')[1]))
          .filter((name) => !CASE_INSENSITIVE_ALLOWED.has(name)),
      );
      expect(identifiers.length).toBeGreaterThan(20);
      const notBinary = identifiers.filter((name) => collationOf.get(name) !== 'utf8mb4_bin');
      expect(notBinary).toEqual([]);
    },
  );

  (kind === 'postgres' ? it : it.skip)(
    'declares no collation on PostgreSQL, whose default compares bytes (case, trailing spaces)',
    async () => {
      const declared: { column: string; collation: string }[] = await h.dataSource.query(
        `SELECT table_name || '.' || column_name AS column, collation_name AS collation
           FROM information_schema.columns
          WHERE table_schema = current_schema() AND collation_name IS NOT NULL`,
      );
      expect(declared).toEqual([]);
      const [row] = await h.dataSource.query(
        `SELECT 'CkAbXY'::varchar = 'CkAbxy'::varchar AS "case",
                'CkAbXY '::varchar = 'CkAbXY'::varchar AS "space"`,
      );
      expect(row).toEqual({ case: false, space: false });
    },
  );

  (kind === 'sqlite' ? it : it.skip)('declares no case-folding collation on SQLite', async () => {
    const tables: { sql: string | null }[] = await h.dataSource.query(
      `SELECT sql FROM sqlite_master WHERE sql IS NOT NULL`,
    );
    expect(tables.length).toBeGreaterThan(5);
    expect(tables.filter((t) => /nocase|rtrim/i.test(t.sql ?? ''))).toEqual([]);
  });
});
