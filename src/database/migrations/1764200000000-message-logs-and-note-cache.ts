import {
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import { columnTypes } from '../column-types.js';
import { addReferencedColumn, dropReferencedColumn } from './users-column.js';

const userForeignKey = (table: string) =>
  new TableForeignKey({
    name: `fk_${table}_user`,
    columnNames: ['user_id'],
    referencedTableName: 'users',
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });

/** message_logs, message_log_groups, the call-note cache and a settings version for CAS. */
export class MessageLogs1764200000000 implements MigrationInterface {
  name = 'MessageLogs1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'message_logs',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'message_key', type: 'varchar', length: '200', ...t.exactKey },
          { name: 'message_id', type: 'varchar', length: '64', ...t.exactKey },
          { name: 'conversation_id', type: 'varchar', length: '64' },
          { name: 'group_key', type: 'varchar', length: '300', ...t.exactKey },
          { name: 'crm_log_id', type: 'varchar', length: '255' },
          { name: 'contact_id', type: 'varchar', length: '128' },
          { name: 'created_at', ...t.timestamp, default: t.now },
        ],
        uniques: [{ name: 'uq_message_logs_message', columnNames: ['user_id', 'message_key'] }],
        indices: [
          new TableIndex({
            name: 'idx_message_logs_message_id',
            columnNames: ['user_id', 'message_id'],
          }),
        ],
        foreignKeys: [userForeignKey('message_logs')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'message_log_groups',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'group_key', type: 'varchar', length: '300', ...t.exactKey },
          { name: 'conversation_id', type: 'varchar', length: '64' },
          { name: 'contact_id', type: 'varchar', length: '128' },
          { name: 'crm_log_id', type: 'varchar', length: '255', isNullable: true },
          { name: 'lock_token', type: 'varchar', length: '36', isNullable: true },
          { name: 'lock_expires_at', ...t.timestamp, isNullable: true },
          { name: 'created_at', ...t.timestamp, default: t.now },
          { name: 'updated_at', ...t.timestamp, default: t.now },
        ],
        uniques: [{ name: 'uq_message_log_groups_group', columnNames: ['user_id', 'group_key'] }],
        foreignKeys: [userForeignKey('message_log_groups')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'call_note_cache',
        columns: [
          { name: 'user_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'session_id', type: 'varchar', length: '64', isPrimary: true, ...t.exactKey },
          { name: 'note', type: t.longText },
          { name: 'expires_at', ...t.timestamp },
          { name: 'created_at', ...t.timestamp, default: t.now },
          { name: 'updated_at', ...t.timestamp, default: t.now },
        ],
        indices: [
          new TableIndex({ name: 'idx_call_note_cache_expires', columnNames: ['expires_at'] }),
        ],
        foreignKeys: [userForeignKey('call_note_cache')],
      }),
    );
    await addReferencedColumn(
      queryRunner,
      'users',
      new TableColumn({ name: 'settings_version', type: 'int', default: 0 }),
      'integer NOT NULL DEFAULT (0)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropReferencedColumn(queryRunner, 'users', 'settings_version');
    await queryRunner.dropTable('call_note_cache');
    await queryRunner.dropTable('message_log_groups');
    await queryRunner.dropTable('message_logs');
  }
}
