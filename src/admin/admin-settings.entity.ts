import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { UserSettings } from '../users/user.entity.js';

const json = <T>(empty: T) => ({
  to: (value: T | undefined) => JSON.stringify(value ?? empty),
  from: (value: string | null) => (value ? (JSON.parse(value) as T) : empty),
});

/** One RingCentral account's policy (POST /admin/settings), keyed by its hashed account id. */
@Entity('admin_settings')
export class AdminSettingsEntity {
  /** RcIdHasher of the RingCentral account id: the raw id is never stored. */
  @PrimaryColumn({ name: 'account_key', type: 'varchar', length: 64 })
  accountKey: string;

  @Column({ name: 'user_settings', type: 'text', transformer: json<UserSettings>({}) })
  userSettings: UserSettings;

  @Column({ name: 'custom_connector', type: 'text', transformer: json<unknown>(null) })
  customConnector: unknown;

  @UpdateDateColumn({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
