import type { QueryRunner } from 'typeorm';

/** Column types that differ between SQLite and MySQL/MariaDB, for migrations. */
export function columnTypes(queryRunner: QueryRunner) {
  const mysql = queryRunner.connection.driver.options.type === 'mysql';
  return {
    /** Millisecond datetimes on MySQL (its default precision is whole seconds). */
    timestamp: mysql ? { type: 'datetime', precision: 3 } : { type: 'datetime' },
    now: mysql ? 'CURRENT_TIMESTAMP(3)' : 'CURRENT_TIMESTAMP',
    /** Up to 16 MB on MySQL, where TEXT stops at 64 KB. */
    longText: mysql ? 'mediumtext' : 'text',
    /**
     * Case-exact comparison for key columns holding client or CRM ids (some CRMs' ids differ only
     * by case), which MySQL's default collation ignores. Trailing spaces still compare equal on
     * MySQL (PAD SPACE), so such keys are built from trimmed parts. SQLite compares exactly.
     */
    exactKey: mysql ? { collation: 'utf8mb4_bin' } : {},
  };
}
