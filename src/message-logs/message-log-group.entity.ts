import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';

/** One user's conversation-day, its CRM activity, and the claim that admits one writer at a time. */
@Entity('message_log_groups')
@Unique('uq_message_log_groups_group', ['userId', 'groupKey'])
export class MessageLogGroupEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'group_key', type: 'varchar', length: 300 })
  groupKey: string;

  @Column({ name: 'conversation_id', type: 'varchar', length: 64 })
  conversationId: string;

  @Column({ name: 'contact_id', type: 'varchar', length: 128 })
  contactId: string;

  @Column({ name: 'crm_log_id', type: 'varchar', length: 255, nullable: true })
  crmLogId: string | null;

  @Column({ name: 'lock_token', type: 'varchar', length: 36, nullable: true })
  claimToken: string | null;

  @Column({ name: 'lock_expires_at', type: Date, nullable: true })
  claimExpiresAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: Date })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
