import { DataSource, type Table } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database.config.js';
import { MIGRATIONS } from '../../src/database/migrations/index.js';
import { runMigrations } from '../../src/database/run-migrations.js';
import { typeOrmOptions } from '../../src/database/typeorm-options.js';
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

describe(`migrations on ${kind}`, () => {
  let db: TestDatabase;
  const open = () =>
    new DataSource(typeOrmOptions(parseDatabaseUrl(db.url, '/unused'))).initialize();

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
  // lock waits, so this runs where instances really share a database (MySQL/MariaDB).
  (kind === 'mysql' ? it : it.skip)(
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

  (kind === 'sqlite' ? it : it.skip)('runs SQLite in WAL mode', async () => {
    const ds = await open();
    try {
      const [row] = await ds.query('PRAGMA journal_mode');
      expect(row.journal_mode).toBe('wal');
    } finally {
      await ds.destroy();
    }
  });
});
