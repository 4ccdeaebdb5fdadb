import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from '../column-types.js';

/** crm_user_mappings: each account's CRM-user-to-extension mapping per platform. */
export class CrmUserMappings1764700000000 implements MigrationInterface {
  name = 'CrmUserMappings1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'crm_user_mappings',
        columns: [
          { name: 'account_key', type: 'varchar', length: '64', isPrimary: true, ...t.exactKey },
          { name: 'platform', type: 'varchar', length: '64', isPrimary: true, ...t.exactKey },
          { name: 'mappings', type: t.longText },
          { name: 'updated_at', ...t.timestamp, default: t.now },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('crm_user_mappings');
  }
}
