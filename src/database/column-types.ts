import type { QueryRunner } from 'typeorm';

export function isMySql(queryRunner: QueryRunner): boolean {
  const type = queryRunner.connection.driver.options.type;
  return type === 'mysql' || type === 'mariadb';
}

export function isPostgres(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.driver.options.type === 'postgres';
}

/** Column types that differ between SQLite, MySQL/MariaDB and PostgreSQL, for migrations. */
export function columnTypes(queryRunner: QueryRunner) {
  const mysql = isMySql(queryRunner);
  const postgres = isPostgres(queryRunner);
  return {
    // MySQL's default precision is whole seconds; timestamptz ignores the session's zone.
    timestamp: mysql
      ? { type: 'datetime', precision: 3 }
      : postgres
        ? { type: 'timestamptz', precision: 3 }
        : { type: 'datetime' },
    now: mysql ? 'CURRENT_TIMESTAMP(3)' : 'CURRENT_TIMESTAMP',
    // MySQL's TEXT stops at 64 KB.
    longText: mysql ? 'mediumtext' : 'text',
    // Ids may differ only by case (docs/configuration.md, Databases).
    exactKey: mysql ? { collation: 'utf8mb4_bin' } : {},
  };
}
