import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/** A logged message and its CRM activity; the unique (user, key) logs it once per user. */
@Entity('message_logs')
@Unique('uq_message_logs_message', ['userId', 'messageKey'])
@Index('idx_message_logs_message_id', ['userId', 'messageId'])
export class MessageLogEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'message_key', type: 'varchar', length: 200 })
  messageKey: string;

  @Column({ name: 'message_id', type: 'varchar', length: 64 })
  messageId: string;

  @Column({ name: 'conversation_id', type: 'varchar', length: 64 })
  conversationId: string;

  @Column({ name: 'group_key', type: 'varchar', length: 300 })
  groupKey: string;

  @Column({ name: 'crm_log_id', type: 'varchar', length: 255 })
  crmLogId: string;

  @Column({ name: 'contact_id', type: 'varchar', length: 128 })
  contactId: string;

  @CreateDateColumn({ name: 'created_at', type: Date })
  createdAt: Date;
}
