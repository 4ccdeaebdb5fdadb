import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A claim on a name shared by every instance; the table keeps its first name, `leases`. */
@Entity('leases')
export class NamedClaimEntity {
  @PrimaryColumn({ name: 'lease_key', type: 'varchar', length: 191 })
  key: string;

  @Column({ name: 'owner', type: 'varchar', length: 36 })
  token: string;

  @Column({ name: 'expires_at', type: Date })
  expiresAt: Date;
}
