import { createDatabase, startPrivateMariaDb, type PrivateMariaDb } from './private-mariadb.js';
import { createPostgresDatabase, startPrivatePostgres } from './private-postgres.js';
import type { TestDatabase } from './test-database.js';

/** A private database server (stop it, start it again) and one database on it for the app. */
export interface PrivateDatabase {
  server: PrivateMariaDb;
  db: TestDatabase;
}

/** A private MariaDB or PostgreSQL server with `database` created, never the shared one. */
export async function startPrivateDatabase(
  kind: 'mysql' | 'postgres',
  database: string,
): Promise<PrivateDatabase> {
  const server = kind === 'mysql' ? await startPrivateMariaDb() : await startPrivatePostgres();
  try {
    await (kind === 'mysql' ? createDatabase : createPostgresDatabase)(server, database);
  } catch (error) {
    await server.destroy();
    throw error;
  }
  return { server, db: { kind, url: server.url(database), drop: async () => undefined } };
}
