import {
  Table,
  TableForeignKey,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import { columnTypes } from '../column-types.js';

/** calldown_entries: the scheduled call-backs of GET/POST/PATCH/DELETE /calldown. */
export class CalldownEntries1764400000000 implements MigrationInterface {
  name = 'CalldownEntries1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'calldown_entries',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'contact_id', type: 'varchar', length: '255', isNullable: true, ...t.exactKey },
          { name: 'contact_type', type: 'varchar', length: '64', isNullable: true, ...t.exactKey },
          { name: 'contact_name', type: 'varchar', length: '255', isNullable: true },
          { name: 'phone_number', type: 'varchar', length: '64', isNullable: true },
          { name: 'note', type: 'text', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'scheduled_at', ...t.timestamp, isNullable: true },
          { name: 'last_call_at', ...t.timestamp, isNullable: true },
          { name: 'created_at', ...t.timestamp, default: t.now },
          { name: 'updated_at', ...t.timestamp, default: t.now },
        ],
        indices: [
          new TableIndex({
            name: 'idx_calldown_entries_user_schedule',
            columnNames: ['user_id', 'scheduled_at'],
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_calldown_entries_user',
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
    await queryRunner.dropTable('calldown_entries');
  }
}
