import type { DataSource, QueryRunner } from 'typeorm';

const LOCK_NAME = 'crm_bridge_migrations';
const LOCK_WAIT_SECONDS = 120;

/** Runs pending migrations under a lock, as several instances may start at once. */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  const type = dataSource.options.type;
  if (type !== 'mysql' && type !== 'postgres') {
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
  const lock = type === 'mysql' ? mysqlLock : postgresLock;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    if (!(await lock.acquire(runner))) {
      throw new Error('Timed out waiting for another instance to finish database migrations');
    }
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lock.release(runner);
    }
  } finally {
    await runner.release();
  }
}

interface MigrationLock {
  acquire(runner: QueryRunner): Promise<boolean>;
  release(runner: QueryRunner): Promise<void>;
}

const mysqlLock: MigrationLock = {
  async acquire(runner) {
    const [row] = (await runner.query('SELECT GET_LOCK(?, ?) AS acquired', [
      LOCK_NAME,
      LOCK_WAIT_SECONDS,
    ])) as { acquired: number | string | null }[];
    return Number(row?.acquired) === 1;
  },
  async release(runner) {
    await runner.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]);
  },
};

// PostgreSQL advisory locks take a number: the name's hash.
const PG_LOCK_KEY = `hashtext('${LOCK_NAME}')`;

const postgresLock: MigrationLock = {
  async acquire(runner) {
    await runner.query(`SET lock_timeout = '${LOCK_WAIT_SECONDS}s'`);
    try {
      await runner.query(`SELECT pg_advisory_lock(${PG_LOCK_KEY})`);
      return true;
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === '55P03')
        return false;
      throw error;
    } finally {
      await runner.query('RESET lock_timeout');
    }
  },
  async release(runner) {
    await runner.query(`SELECT pg_advisory_unlock(${PG_LOCK_KEY})`);
  },
};
