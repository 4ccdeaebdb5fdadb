import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An account's admin-managed login values for one API-key platform, sealed by the vault. */
@Entity('managed_credentials')
export class ManagedCredentialsEntity {
  /** RcIdHasher of the RingCentral account id. */
  @PrimaryColumn({ name: 'account_key', type: 'varchar', length: 64 })
  accountKey: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  platform: string;

  /** CredentialVault ciphertext of the ManagedValues JSON. */
  @Column({ type: 'text' })
  sealed: string;

  @UpdateDateColumn({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
