import {
  Table,
  TableColumn,
  TableForeignKey,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import { columnTypes } from '../column-types.js';
import { addReferencedColumn, dropReferencedColumn } from './users-column.js';

/**
 * admin_settings: each RingCentral account's policy (GET/POST /admin/settings);
 * users.rc_account_key: the account a user last proved with a RingCentral token;
 * server_logging_settings: GET/POST /admin/serverLoggingSettings per user.
 */
export class AdminSettings1764550000000 implements MigrationInterface {
  name = 'AdminSettings1764550000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'admin_settings',
        columns: [
          { name: 'account_key', type: 'varchar', length: '64', isPrimary: true, ...t.exactKey },
          { name: 'user_settings', type: t.longText },
          { name: 'custom_connector', type: t.longText },
          { name: 'updated_at', ...t.timestamp, default: t.now },
        ],
      }),
    );
    await addReferencedColumn(
      queryRunner,
      'users',
      new TableColumn({
        name: 'rc_account_key',
        type: 'varchar',
        length: '64',
        isNullable: true,
        ...t.exactKey,
      }),
      'varchar(64)',
    );
    await queryRunner.createTable(
      new Table({
        name: 'server_logging_settings',
        columns: [
          { name: 'user_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'additional_field_values', type: t.longText },
          { name: 'updated_at', ...t.timestamp, default: t.now },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_server_logging_settings_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('server_logging_settings');
    await dropReferencedColumn(queryRunner, 'users', 'rc_account_key');
    await queryRunner.dropTable('admin_settings');
  }
}
