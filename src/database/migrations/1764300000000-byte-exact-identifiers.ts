import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isMySql } from '../column-types.js';

interface KeyColumn {
  name: string;
  type: string;
  rest: string;
}

const column = (name: string, length: number, rest = 'NOT NULL'): KeyColumn => ({
  name,
  type: `varchar(${length})`,
  rest,
});
const NULLABLE = 'NULL';
const EMPTY_DEFAULT = "NOT NULL DEFAULT ''";

/** Id columns created case-insensitive; server-made UUIDs, constants and display text keep it. */
const KEY_COLUMNS: Record<string, KeyColumn[]> = {
  users: [
    column('platform', 64),
    column('hostname', 255, EMPTY_DEFAULT),
    column('crm_user_id', 255),
  ],
  call_logs: [
    column('session_id', 64),
    column('extension_key', 128, EMPTY_DEFAULT),
    column('crm_log_id', 255, NULLABLE),
    column('contact_id', 255, NULLABLE),
  ],
  message_logs: [
    column('conversation_id', 64),
    column('crm_log_id', 255),
    column('contact_id', 128),
  ],
  message_log_groups: [
    column('conversation_id', 64),
    column('contact_id', 128),
    column('crm_log_id', 255, NULLABLE),
  ],
  oauth_states: [
    column('nonce', 64),
    column('platform', 64),
    column('hostname', 255, EMPTY_DEFAULT),
    column('redirect_uri', 1024),
  ],
  leases: [column('lease_key', 191)],
};

/**
 * Identifiers compare byte for byte on MySQL/MariaDB too; a binary collation distinguishes more
 * values than a case-insensitive one, so no unique key can break.
 */
export class ByteExactIdentifiers1764300000000 implements MigrationInterface {
  name = 'ByteExactIdentifiers1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!isMySql(queryRunner)) return;
    await alterEach(
      queryRunner,
      (c) => `${c.type} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin ${c.rest}`,
    );
  }

  /** Fails on rows whose keys now differ only by case. */
  async down(queryRunner: QueryRunner): Promise<void> {
    if (!isMySql(queryRunner)) return;
    await alterEach(queryRunner, (c) => `${c.type} ${c.rest}`);
  }
}

async function alterEach(
  queryRunner: QueryRunner,
  definitionOf: (column: KeyColumn) => string,
): Promise<void> {
  for (const [table, columns] of Object.entries(KEY_COLUMNS)) {
    const changes = columns.map((c) => `MODIFY \`${c.name}\` ${definitionOf(c)}`);
    await queryRunner.query(`ALTER TABLE \`${table}\` ${changes.join(', ')}`);
  }
}
