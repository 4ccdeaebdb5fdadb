import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';

export type UserAuthType = 'apiKey' | 'oauth';
export type UserSettings = Record<string, Record<string, unknown>>;

const json = {
  to: (value: UserSettings | undefined) => JSON.stringify(value ?? {}),
  from: (value: string | null) => (value ? (JSON.parse(value) as UserSettings) : {}),
};

/** One CRM user per platform and host; credential columns hold vault ciphertext. */
@Entity('users')
@Unique('uq_users_identity', ['platform', 'hostname', 'crmUserId'])
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  platform: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  hostname: string;

  @Column({ name: 'crm_user_id', type: 'varchar', length: 255 })
  crmUserId: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  name: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  timezone: string | null;

  @Column({ name: 'auth_type', type: 'varchar', length: 16 })
  authType: UserAuthType;

  @Column({ name: 'api_key', type: 'text', nullable: true })
  apiKey: string | null;

  @Column({ name: 'access_token', type: 'text', nullable: true })
  accessToken: string | null;

  @Column({ name: 'refresh_token', type: 'text', nullable: true })
  refreshToken: string | null;

  @Column({ name: 'extra_credentials', type: 'text', nullable: true })
  extraCredentials: string | null;

  @Column({ name: 'token_expires_at', type: Date, nullable: true })
  tokenExpiresAt: Date | null;

  @Column({ name: 'token_refresh_at', type: Date, nullable: true })
  tokenRefreshAt: Date | null;

  @Column({ name: 'revoked_at', type: Date, nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'token_version', type: 'int', default: 1 })
  tokenVersion: number;

  @Column({ type: 'text', transformer: json })
  settings: UserSettings;

  /** RcIdHasher of the RingCentral account the user last proved with a RingCentral token. */
  @Column({ name: 'rc_account_key', type: 'varchar', length: 64, nullable: true })
  rcAccountKey: string | null;

  /** The account (RcIdHasher) whose managed OAuth client issued the grant; null: the platform's. */
  @Column({ name: 'oauth_account_key', type: 'varchar', length: 64, nullable: true })
  oauthAccountKey: string | null;

  @Column({ name: 'oauth_client_id', type: 'varchar', length: 255, nullable: true })
  oauthClientId: string | null;

  @Column({ name: 'settings_version', type: 'int', default: 0 })
  settingsVersion: number;

  @CreateDateColumn({ name: 'created_at', type: Date })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: Date })
  updatedAt: Date;

  get connected(): boolean {
    return this.apiKey !== null || this.accessToken !== null;
  }
}
