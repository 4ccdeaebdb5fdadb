import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

const json = {
  to: (value: Record<string, unknown> | undefined) => JSON.stringify(value ?? {}),
  from: (value: string | null) => (value ? (JSON.parse(value) as Record<string, unknown>) : {}),
};

/** A user's server-side logging field values (POST /admin/serverLoggingSettings), kept as sent. */
@Entity('server_logging_settings')
export class ServerLoggingSettingsEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'additional_field_values', type: 'text', transformer: json })
  additionalFieldValues: Record<string, unknown>;

  @UpdateDateColumn({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
