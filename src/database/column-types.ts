import type { QueryRunner } from 'typeorm';

/** Whether the connection is MySQL or MariaDB (the only drivers whose default collation folds case). */
export function isMySql(queryRunner: QueryRunner): boolean {
  const type = queryRunner.connection.driver.options.type;
  return type === 'mysql' || type === 'mariadb';
}

/** Whether the connection is PostgreSQL. */
export function isPostgres(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.driver.options.type === 'postgres';
}

/** Column types that differ between SQLite, MySQL/MariaDB and PostgreSQL, for migrations. */
export function columnTypes(queryRunner: QueryRunner) {
  const mysql = isMySql(queryRunner);
  const postgres = isPostgres(queryRunner);
  return {
    /**
     * Millisecond datetimes on MySQL (its default precision is whole seconds); on PostgreSQL an
     * instant (timestamptz), so values read back the same whatever the session's time zone.
     */
    timestamp: mysql
      ? { type: 'datetime', precision: 3 }
      : postgres
        ? { type: 'timestamptz', precision: 3 }
        : { type: 'datetime' },
    now: mysql ? 'CURRENT_TIMESTAMP(3)' : 'CURRENT_TIMESTAMP',
    /** Up to 16 MB on MySQL, where TEXT stops at 64 KB (SQLite's and PostgreSQL's text is unbounded). */
    longText: mysql ? 'mediumtext' : 'text',
    /**
     * Case-exact comparison for every column holding a client or CRM id or a key built from one
     * (some CRMs' ids differ only by case), which MySQL's default collation ignores. Trailing
     * spaces still compare equal on MySQL (PAD SPACE), so such keys are built from trimmed parts.
     * SQLite and PostgreSQL (deterministic collations) compare bytes already.
     */
    exactKey: mysql ? { collation: 'utf8mb4_bin' } : {},
  };
}
