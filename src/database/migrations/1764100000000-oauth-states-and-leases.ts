import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from '../column-types.js';
import { addReferencedColumn, dropReferencedColumn } from './users-column.js';

/** oauth_states, leases (refresh locks) and users.token_refresh_at. */
export class OAuthStatesAndLeases1764100000000 implements MigrationInterface {
  name = 'OAuthStatesAndLeases1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'oauth_states',
        columns: [
          { name: 'nonce', type: 'varchar', length: '64', isPrimary: true },
          { name: 'platform', type: 'varchar', length: '64' },
          { name: 'hostname', type: 'varchar', length: '255', default: "''" },
          { name: 'redirect_uri', type: 'varchar', length: '1024' },
          { name: 'code_verifier', type: 'text', isNullable: true },
          { name: 'expires_at', ...t.timestamp },
          { name: 'created_at', ...t.timestamp, default: t.now },
        ],
        indices: [{ name: 'idx_oauth_states_expires', columnNames: ['expires_at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'leases',
        columns: [
          { name: 'lease_key', type: 'varchar', length: '191', isPrimary: true },
          { name: 'owner', type: 'varchar', length: '36' },
          { name: 'expires_at', ...t.timestamp },
        ],
      }),
    );
    await addReferencedColumn(
      queryRunner,
      'users',
      new TableColumn({ name: 'token_refresh_at', ...t.timestamp, isNullable: true }),
      'datetime',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropReferencedColumn(queryRunner, 'users', 'token_refresh_at');
    await queryRunner.dropTable('leases');
    await queryRunner.dropTable('oauth_states');
  }
}
