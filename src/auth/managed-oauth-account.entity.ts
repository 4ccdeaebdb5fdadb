import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An account's completed managed OAuth client for one platform, sealed by the vault. */
@Entity('managed_oauth_accounts')
export class ManagedOAuthAccountEntity {
  /** RcIdHasher of the RingCentral account id. */
  @PrimaryColumn({ name: 'account_key', type: 'varchar', length: 64 })
  accountKey: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  platform: string;

  /** CredentialVault ciphertext of the ManagedOAuthValues JSON. */
  @Column({ type: 'text' })
  sealed: string;

  @UpdateDateColumn({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
