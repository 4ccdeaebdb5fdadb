import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from '../column-types.js';
import { addReferencedColumn, dropReferencedColumn } from './users-column.js';

/**
 * Managed OAuth: managed_oauth_accounts (an account's completed client per platform),
 * managed_oauth_pending (values cached by an admin, with an expiry), the client a sign-in in
 * flight uses (oauth_states) and the client that issued a user's grant (users).
 */
export class ManagedOAuth1764800000000 implements MigrationInterface {
  name = 'ManagedOAuth1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'managed_oauth_accounts',
        columns: [
          { name: 'account_key', type: 'varchar', length: '64', isPrimary: true, ...t.exactKey },
          { name: 'platform', type: 'varchar', length: '64', isPrimary: true, ...t.exactKey },
          { name: 'sealed', type: t.longText },
          { name: 'updated_at', ...t.timestamp, default: t.now },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'managed_oauth_pending',
        columns: [
          { name: 'account_key', type: 'varchar', length: '64', isPrimary: true, ...t.exactKey },
          { name: 'sealed', type: t.longText },
          { name: 'expires_at', ...t.timestamp },
          { name: 'updated_at', ...t.timestamp, default: t.now },
        ],
      }),
    );
    const columns: [string, TableColumn, string][] = [
      ['oauth_states', key('account_key', 64, t.exactKey), 'varchar(64)'],
      ['oauth_states', key('client_source', 16, {}), 'varchar(16)'],
      ['oauth_states', key('client_id', 255, t.exactKey), 'varchar(255)'],
      ['users', key('oauth_account_key', 64, t.exactKey), 'varchar(64)'],
      ['users', key('oauth_client_id', 255, t.exactKey), 'varchar(255)'],
    ];
    for (const [table, column, sqlite] of columns) {
      await addReferencedColumn(queryRunner, table, column, sqlite);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, name] of [
      ['users', 'oauth_client_id'],
      ['users', 'oauth_account_key'],
      ['oauth_states', 'client_id'],
      ['oauth_states', 'client_source'],
      ['oauth_states', 'account_key'],
    ]) {
      await dropReferencedColumn(queryRunner, table, name);
    }
    await queryRunner.dropTable('managed_oauth_pending');
    await queryRunner.dropTable('managed_oauth_accounts');
  }
}

const key = (name: string, length: number, collation: object) =>
  new TableColumn({
    name,
    type: 'varchar',
    length: String(length),
    isNullable: true,
    ...collation,
  });
