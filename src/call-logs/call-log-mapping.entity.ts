import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';

export type CallLogMappingStatus = 'pending' | 'logged';

/** One call's CRM activity; a `pending` row is the claim inserted before the CRM write. */
@Entity('call_logs')
@Unique('uq_call_logs_session', ['userId', 'sessionId', 'extensionKey'])
export class CallLogMappingEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'session_id', type: 'varchar', length: 64 })
  sessionId: string;

  @Column({ name: 'extension_key', type: 'varchar', length: 128, default: '' })
  extensionKey: string;

  @Column({ type: 'varchar', length: 16 })
  status: CallLogMappingStatus;

  @Column({ name: 'claim_token', type: 'varchar', length: 36, nullable: true })
  claimToken: string | null;

  @Column({ name: 'claim_expires_at', type: Date, nullable: true })
  claimExpiresAt: Date | null;

  @Column({ name: 'crm_log_id', type: 'varchar', length: 255, nullable: true })
  crmLogId: string | null;

  @Column({ name: 'contact_id', type: 'varchar', length: 255, nullable: true })
  contactId: string | null;

  @CreateDateColumn({ name: 'created_at', type: Date })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
