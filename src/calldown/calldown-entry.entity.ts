import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const CALLDOWN_STATUSES = ['scheduled', 'called'] as const;
export type CalldownStatus = (typeof CALLDOWN_STATUSES)[number];

/** A call-back the user scheduled (docs/client-contract.md, Call-down lists); only its owner sees it. */
@Entity('calldown_entries')
@Index('idx_calldown_entries_user_schedule', ['userId', 'scheduledAt'])
export class CalldownEntryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'contact_id', type: 'varchar', length: 255, nullable: true })
  contactId: string | null;

  @Column({ name: 'contact_type', type: 'varchar', length: 64, nullable: true })
  contactType: string | null;

  @Column({ name: 'contact_name', type: 'varchar', length: 255, nullable: true })
  contactName: string | null;

  @Column({ name: 'phone_number', type: 'varchar', length: 64, nullable: true })
  phoneNumber: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: CalldownStatus;

  @Column({ name: 'scheduled_at', type: Date, nullable: true })
  scheduledAt: Date | null;

  @Column({ name: 'last_call_at', type: Date, nullable: true })
  lastCallAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: Date })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
