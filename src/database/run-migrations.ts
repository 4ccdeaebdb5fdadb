import type { DataSource } from 'typeorm';

const LOCK_NAME = 'crm_bridge_migrations';

/**
 * Runs pending migrations. Several instances may start at once, so the run is exclusive: a named
 * lock (GET_LOCK) on MySQL, one immediate transaction on SQLite (DDL is transactional there). The
 * others wait for it, then find nothing left to do.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'mysql') {
    const runner = dataSource.createQueryRunner();
    await runner.query('BEGIN IMMEDIATE');
    try {
      await dataSource.runMigrations({ transaction: 'none' });
      await runner.query('COMMIT');
    } catch (error) {
      await runner.query('ROLLBACK');
      throw error;
    } finally {
      await runner.release();
    }
    return;
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [row] = (await runner.query('SELECT GET_LOCK(?, 120) AS acquired', [LOCK_NAME])) as {
      acquired: number | string | null;
    }[];
    if (Number(row?.acquired) !== 1) {
      throw new Error('Timed out waiting for another instance to finish database migrations');
    }
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]);
    }
  } finally {
    await runner.release();
  }
}
