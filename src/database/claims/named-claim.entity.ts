import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A claim on a name rather than on a row of its own (e.g. one token refresh per user at a time),
 * shared by every instance. The table keeps its first name, `leases`.
 */
@Entity('leases')
export class NamedClaimEntity {
  @PrimaryColumn({ name: 'lease_key', type: 'varchar', length: 191 })
  key: string;

  /** Random per holder: only the holder can release. */
  @Column({ name: 'owner', type: 'varchar', length: 36 })
  token: string;

  @Column({ name: 'expires_at', type: Date })
  expiresAt: Date;
}
