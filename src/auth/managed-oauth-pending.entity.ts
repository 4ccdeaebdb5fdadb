import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Values an admin cached for the account until an OAuth sign-in proves them (24 hours). */
@Entity('managed_oauth_pending')
export class ManagedOAuthPendingEntity {
  /** RcIdHasher of the RingCentral account id. */
  @PrimaryColumn({ name: 'account_key', type: 'varchar', length: 64 })
  accountKey: string;

  /** CredentialVault ciphertext of the ManagedOAuthValues JSON. */
  @Column({ type: 'text' })
  sealed: string;

  @Column({ name: 'expires_at', type: Date })
  expiresAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
