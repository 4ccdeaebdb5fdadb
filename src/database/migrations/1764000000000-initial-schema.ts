import { Table, TableForeignKey, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from '../column-types.js';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'platform', type: 'varchar', length: '64' },
          { name: 'hostname', type: 'varchar', length: '255', default: "''" },
          { name: 'crm_user_id', type: 'varchar', length: '255' },
          { name: 'name', type: 'varchar', length: '255', default: "''" },
          { name: 'timezone', type: 'varchar', length: '64', isNullable: true },
          { name: 'auth_type', type: 'varchar', length: '16' },
          { name: 'api_key', type: 'text', isNullable: true },
          { name: 'access_token', type: 'text', isNullable: true },
          { name: 'refresh_token', type: 'text', isNullable: true },
          { name: 'extra_credentials', type: 'text', isNullable: true },
          { name: 'token_expires_at', ...t.timestamp, isNullable: true },
          { name: 'revoked_at', ...t.timestamp, isNullable: true },
          { name: 'token_version', type: 'int', default: 1 },
          { name: 'settings', type: t.longText },
          { name: 'created_at', ...t.timestamp, default: t.now },
          { name: 'updated_at', ...t.timestamp, default: t.now },
        ],
        uniques: [
          { name: 'uq_users_identity', columnNames: ['platform', 'hostname', 'crm_user_id'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'call_logs',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'session_id', type: 'varchar', length: '64' },
          { name: 'extension_key', type: 'varchar', length: '128', default: "''" },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'claim_token', type: 'varchar', length: '36', isNullable: true },
          { name: 'claim_expires_at', ...t.timestamp, isNullable: true },
          { name: 'crm_log_id', type: 'varchar', length: '255', isNullable: true },
          { name: 'contact_id', type: 'varchar', length: '255', isNullable: true },
          { name: 'created_at', ...t.timestamp, default: t.now },
          { name: 'updated_at', ...t.timestamp, default: t.now },
        ],
        uniques: [
          {
            name: 'uq_call_logs_session',
            columnNames: ['user_id', 'session_id', 'extension_key'],
          },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_call_logs_user',
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
    await queryRunner.dropTable('call_logs');
    await queryRunner.dropTable('users');
  }
}
