import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { DataSource } from 'typeorm';

export type TestDatabaseKind = 'sqlite' | 'mysql' | 'postgres';

const KINDS: readonly string[] = ['sqlite', 'mysql', 'postgres'];

export interface TestDatabase {
  kind: TestDatabaseKind;
  /** A DATABASE_URL for the app. */
  url: string;
  drop(): Promise<void>;
}

/**
 * Which database the persistence and e2e suites run on: TEST_DATABASE=sqlite (default), mysql
 * (MariaDB/MySQL at TEST_MYSQL_URL, default mysql://root@127.0.0.1:3306/test) or postgres
 * (PostgreSQL at TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test).
 */
export function testDatabaseKind(): TestDatabaseKind {
  const kind = process.env.TEST_DATABASE?.trim() || 'sqlite';
  if (!KINDS.includes(kind))
    throw new Error(`TEST_DATABASE must be sqlite, mysql or postgres, not ${kind}`);
  return kind as TestDatabaseKind;
}

/**
 * A fresh, empty database for one suite: a new SQLite file, or a new MySQL or PostgreSQL database
 * dropped after.
 */
export async function createTestDatabase(kind = testDatabaseKind()): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bridge-db-'));
    return {
      kind,
      url: `sqlite:${path.join(dir, 'test.sqlite')}`,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (kind === 'postgres') return createPostgresDatabase();
  const server = new URL(process.env.TEST_MYSQL_URL?.trim() || 'mysql://root@127.0.0.1:3306/test');
  const name = `cbt_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = await mysql.createConnection({
    host: server.hostname,
    port: Number(server.port || 3306),
    user: decodeURIComponent(server.username),
    password: decodeURIComponent(server.password),
  });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    drop: async () => {
      const conn = await mysql.createConnection({
        host: server.hostname,
        port: Number(server.port || 3306),
        user: decodeURIComponent(server.username),
        password: decodeURIComponent(server.password),
      });
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const server = new URL(
    process.env.TEST_POSTGRES_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test',
  );
  const name = `cbt_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const ds = await new DataSource({ type: 'postgres', url: server.toString() }).initialize();
    try {
      await ds.query(sql);
    } finally {
      await ds.destroy();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    url: url.toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
