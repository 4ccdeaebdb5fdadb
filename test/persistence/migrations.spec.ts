import { DataSource, type Table } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database.config.js';
import { NamedClaimEntity } from '../../src/database/claims/named-claim.entity.js';
import { ByteExactIdentifiers1764300000000 } from '../../src/database/migrations/1764300000000-byte-exact-identifiers.js';
import { MIGRATIONS } from '../../src/database/migrations/index.js';
import { runMigrations } from '../../src/database/run-migrations.js';
import { typeOrmOptions } from '../../src/database/typeorm-options.js';
import { ENTITIES } from '../../src/entities.js';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../support/test-database.js';

const kind = testDatabaseKind();

/** Unique keys of a table, as sorted column lists (MySQL reports them as unique indices). */
const uniqueKeys = (table: Table | undefined) => [
  ...(table?.uniques ?? []).map((u) => [...u.columnNames].sort()),
  ...(table?.indices ?? []).filter((i) => i.isUnique).map((i) => [...i.columnNames].sort()),
];

/** `collation:column:type:nullable:default` of the call_logs and users columns (MySQL). */
async function collations(ds: DataSource): Promise<string[]> {
  const rows: Record<string, string | null>[] = await ds.query(
    `SELECT COLLATION_NAME AS c, COLUMN_NAME AS n, COLUMN_TYPE AS t, IS_NULLABLE AS nl,
            COLUMN_DEFAULT AS d
       FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('call_logs', 'users')`,
  );
  return rows.map((r) => [r.c, r.n, r.t, r.nl, r.d ?? ''].join(':'));
}

describe(`migrations on ${kind}`, () => {
  let db: TestDatabase;
  const open = () =>
    new DataSource(typeOrmOptions(parseDatabaseUrl(db.url, '/unused'), ENTITIES)).initialize();

  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => db.drop());

  it('creates the schema with its unique keys, and a second run changes nothing', async () => {
    const ds = await open();
    try {
      await runMigrations(ds);
      expect(await ds.showMigrations()).toBe(false);
      const runner = ds.createQueryRunner();
      const users = await runner.getTable('users');
      const callLogs = await runner.getTable('call_logs');
      const messageLogs = await runner.getTable('message_logs');
      const groups = await runner.getTable('message_log_groups');
      const notes = await runner.getTable('call_note_cache');
      await runner.release();
      expect(uniqueKeys(users)).toContainEqual(['crm_user_id', 'hostname', 'platform']);
      expect(users?.findColumnByName('settings_version')).toBeDefined();
      expect(uniqueKeys(callLogs)).toContainEqual(['extension_key', 'session_id', 'user_id']);
      expect(uniqueKeys(messageLogs)).toContainEqual(['message_key', 'user_id']);
      expect(uniqueKeys(groups)).toContainEqual(['group_key', 'user_id']);
      expect(notes?.primaryColumns.map((c) => c.name).sort()).toEqual(['session_id', 'user_id']);
      const applied = await ds.query('SELECT COUNT(*) AS n FROM migrations');
      await runMigrations(ds);
      expect(await ds.query('SELECT COUNT(*) AS n FROM migrations')).toEqual(applied);
    } finally {
      await ds.destroy();
    }
  });

  // better-sqlite3 is synchronous: several connections in one process would block each other's
  // lock waits, so this runs where instances really share a database (MySQL/MariaDB, PostgreSQL).
  (kind !== 'sqlite' ? it : it.skip)(
    'lets several instances start at once: migrations run exactly once',
    async () => {
      const sources = await Promise.all([open(), open(), open()]);
      try {
        await Promise.all(sources.map((ds) => runMigrations(ds)));
        const [{ n }] = await sources[0].query('SELECT COUNT(*) AS n FROM migrations');
        expect(Number(n)).toBe(MIGRATIONS.length);
      } finally {
        await Promise.all(sources.map((ds) => ds.destroy()));
      }
    },
  );

  it('migrates down and up again', async () => {
    const ds = await open();
    try {
      await runMigrations(ds);
      await ds.undoLastMigration({ transaction: 'none' });
      const afterManagedOAuth = ds.createQueryRunner();
      expect(await afterManagedOAuth.hasTable('managed_oauth_accounts')).toBe(false);
      expect(await afterManagedOAuth.hasTable('managed_oauth_pending')).toBe(false);
      expect(await afterManagedOAuth.hasColumn('users', 'oauth_account_key')).toBe(false);
      expect(await afterManagedOAuth.hasColumn('oauth_states', 'client_id')).toBe(false);
      expect(await afterManagedOAuth.hasTable('crm_user_mappings')).toBe(true);
      await afterManagedOAuth.release();
      await ds.undoLastMigration({ transaction: 'none' });
      const afterMappings = ds.createQueryRunner();
      expect(await afterMappings.hasTable('crm_user_mappings')).toBe(false);
      expect(await afterMappings.hasTable('managed_credentials')).toBe(true);
      await afterMappings.release();
      await ds.undoLastMigration({ transaction: 'none' });
      const afterManaged = ds.createQueryRunner();
      expect(await afterManaged.hasTable('managed_credentials')).toBe(false);
      expect(await afterManaged.hasTable('admin_settings')).toBe(true);
      await afterManaged.release();
      await ds.undoLastMigration({ transaction: 'none' });
      const afterAdmin = ds.createQueryRunner();
      expect(await afterAdmin.hasTable('admin_settings')).toBe(false);
      expect(await afterAdmin.hasTable('server_logging_settings')).toBe(false);
      expect(await afterAdmin.hasColumn('users', 'rc_account_key')).toBe(false);
      await afterAdmin.release();
      await ds.undoLastMigration({ transaction: 'none' });
      const afterCalldown = ds.createQueryRunner();
      expect(await afterCalldown.hasTable('calldown_entries')).toBe(false);
      await afterCalldown.release();
      await ds.undoLastMigration({ transaction: 'none' });
      if (kind === 'mysql') {
        expect(await collations(ds)).toContain('utf8mb4_unicode_ci:session_id:varchar(64):NO:');
      }
      await ds.undoLastMigration({ transaction: 'none' });
      const runner = ds.createQueryRunner();
      expect(await runner.hasTable('message_logs')).toBe(false);
      expect(await runner.hasColumn('users', 'settings_version')).toBe(false);
      await runner.release();
      await runMigrations(ds);
      expect(await ds.showMigrations()).toBe(false);
    } finally {
      await ds.destroy();
    }
  });

  it('makes existing identifier columns byte-exact, keeping rows, lengths, defaults and keys', async () => {
    const before = await new DataSource({
      ...typeOrmOptions(parseDatabaseUrl(db.url, '/unused'), ENTITIES),
      migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(ByteExactIdentifiers1764300000000)),
    }).initialize();
    try {
      await runMigrations(before);
      await before.query(
        `INSERT INTO users (id, platform, hostname, crm_user_id, auth_type, settings)
         VALUES ('u1', 'sample-crm', 'crm.example.com', 'U-Abc', 'apiKey', '{}')`,
      );
      await before.query(
        `INSERT INTO call_logs (id, user_id, session_id, status, crm_log_id)
         VALUES ('c1', 'u1', 'CkAbXY', 'logged', 'Log-1')`,
      );
      await before
        .getRepository(NamedClaimEntity)
        .insert({ key: 'call-log:u1:Log-1', token: 'o1', expiresAt: new Date() });
    } finally {
      await before.destroy();
    }

    const ds = await open();
    try {
      await runMigrations(ds);
      expect(await ds.showMigrations()).toBe(false);
      expect(await ds.query(`SELECT session_id, extension_key FROM call_logs`)).toEqual([
        { session_id: 'CkAbXY', extension_key: '' },
      ]);
      expect(await ds.query(`SELECT crm_user_id, hostname FROM users`)).toEqual([
        { crm_user_id: 'U-Abc', hostname: 'crm.example.com' },
      ]);
      expect(await ds.query(`SELECT lease_key FROM leases`)).toEqual([
        { lease_key: 'call-log:u1:Log-1' },
      ]);
      // Case variants are new rows now; the unique keys still refuse an exact duplicate.
      await ds.query(
        `INSERT INTO call_logs (id, user_id, session_id, status) VALUES ('c2', 'u1', 'CkAbxy', 'pending')`,
      );
      await ds.query(
        `INSERT INTO users (id, platform, hostname, crm_user_id, auth_type, settings)
         VALUES ('u2', 'sample-crm', 'crm.example.com', 'u-abc', 'apiKey', '{}')`,
      );
      await expect(
        ds.query(
          `INSERT INTO call_logs (id, user_id, session_id, status) VALUES ('c3', 'u1', 'CkAbxy', 'pending')`,
        ),
      ).rejects.toThrow();
      if (kind === 'mysql') {
        expect(await collations(ds)).toEqual(
          expect.arrayContaining([
            'utf8mb4_bin:session_id:varchar(64):NO:',
            "utf8mb4_bin:extension_key:varchar(128):NO:''",
            'utf8mb4_bin:crm_user_id:varchar(255):NO:',
            'utf8mb4_bin:crm_log_id:varchar(255):YES:NULL',
          ]),
        );
      }
    } finally {
      await ds.destroy();
    }
  });

  (kind === 'postgres' ? it : it.skip)(
    'stores instants with milliseconds, long text unbounded, and reads dates back in any zone',
    async () => {
      const ds = await open();
      try {
        await runMigrations(ds);
        const rows: { n: string; t: string }[] = await ds.query(
          `SELECT column_name AS n, data_type || coalesce('(' || datetime_precision || ')', '') AS t
             FROM information_schema.columns
            WHERE table_name = 'users' AND column_name IN ('created_at', 'settings', 'token_expires_at')`,
        );
        expect(Object.fromEntries(rows.map((r) => [r.n, r.t]))).toEqual({
          created_at: 'timestamp with time zone(3)',
          settings: 'text',
          token_expires_at: 'timestamp with time zone(3)',
        });
        const at = new Date('2026-03-29T01:30:00.123Z');
        await ds.getRepository(NamedClaimEntity).insert({ key: 'k', token: 'o', expiresAt: at });
        await ds.query(`SET TIME ZONE 'America/New_York'`);
        const lease = await ds.getRepository(NamedClaimEntity).findOneByOrFail({ key: 'k' });
        expect(lease.expiresAt.toISOString()).toBe(at.toISOString());
      } finally {
        await ds.destroy();
      }
    },
  );

  (kind === 'sqlite' ? it : it.skip)('runs SQLite in WAL mode', async () => {
    const ds = await open();
    try {
      const [row] = await ds.query('PRAGMA journal_mode');
      expect(row.journal_mode).toBe('wal');
    } finally {
      await ds.destroy();
    }
  });

  // docs/configuration.md gives the reasons; a lost pragma would go unnoticed but for the figures.
  (kind === 'sqlite' ? it : it.skip)(
    'runs SQLite with the server pragmas: NORMAL sync, 5 s busy wait, 16 MB cache',
    async () => {
      const ds = await open();
      try {
        const [sync] = await ds.query('PRAGMA synchronous');
        const [busy] = await ds.query('PRAGMA busy_timeout');
        const [cache] = await ds.query('PRAGMA cache_size');
        const [keys] = await ds.query('PRAGMA foreign_keys');
        expect([sync.synchronous, busy.timeout, cache.cache_size, keys.foreign_keys]).toEqual([
          1, 5000, -16000, 1,
        ]);
      } finally {
        await ds.destroy();
      }
    },
  );
});

describe(`upgrading a database with data on ${kind}`, () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => db.drop());

  // SQLite rebuilds a table to add a column; dropping the old users table must not cascade.
  it('keeps the rows written under the first schema through every later migration', async () => {
    const options = typeOrmOptions(parseDatabaseUrl(db.url, '/unused'), ENTITIES);
    const first = await new DataSource({
      ...options,
      migrations: MIGRATIONS.slice(0, 1),
    }).initialize();
    try {
      await runMigrations(first);
      await first.query(
        `INSERT INTO users (id, platform, hostname, crm_user_id, auth_type, settings)
         VALUES ('u1', 'sample-crm', 'crm.example.com', 'U-1', 'apiKey', '{}')`,
      );
      await first.query(
        `INSERT INTO call_logs (id, user_id, session_id, status, crm_log_id)
         VALUES ('c1', 'u1', 'S-1', 'logged', 'Log-1')`,
      );
    } finally {
      await first.destroy();
    }

    const ds = await new DataSource(options).initialize();
    try {
      await runMigrations(ds);
      expect(await ds.showMigrations()).toBe(false);
      expect(await ds.query(`SELECT id FROM users`)).toEqual([{ id: 'u1' }]);
      expect(await ds.query(`SELECT id, crm_log_id FROM call_logs`)).toEqual([
        { id: 'c1', crm_log_id: 'Log-1' },
      ]);
    } finally {
      await ds.destroy();
    }
  });
});
