import { TableColumn, type QueryRunner } from 'typeorm';

const isSqlite = (queryRunner: QueryRunner) =>
  queryRunner.connection.driver.options.type === 'better-sqlite3';

/**
 * Adds or drops a column of a table other tables reference, keeping their rows. TypeORM rebuilds a
 * SQLite table to change its columns, and dropping the old table cascades to every referencing row
 * (call logs, message logs, ...): on SQLite the column is changed in place instead.
 */
export async function addReferencedColumn(
  queryRunner: QueryRunner,
  table: string,
  column: TableColumn,
  sqliteDefinition: string,
): Promise<void> {
  if (isSqlite(queryRunner)) {
    await queryRunner.query(
      `ALTER TABLE "${table}" ADD COLUMN "${column.name}" ${sqliteDefinition}`,
    );
  } else {
    await queryRunner.addColumn(table, column);
  }
}

export async function dropReferencedColumn(
  queryRunner: QueryRunner,
  table: string,
  name: string,
): Promise<void> {
  if (isSqlite(queryRunner)) {
    await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "${name}"`);
  } else {
    await queryRunner.dropColumn(table, name);
  }
}
