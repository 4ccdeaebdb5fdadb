import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from '../column-types.js';

/** managed_credentials: admin-managed API-key login values per account and platform, encrypted. */
export class ManagedCredentials1764600000000 implements MigrationInterface {
  name = 'ManagedCredentials1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'managed_credentials',
        columns: [
          { name: 'account_key', type: 'varchar', length: '64', isPrimary: true, ...t.exactKey },
          { name: 'platform', type: 'varchar', length: '64', isPrimary: true, ...t.exactKey },
          { name: 'sealed', type: t.longText },
          { name: 'updated_at', ...t.timestamp, default: t.now },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('managed_credentials');
  }
}
