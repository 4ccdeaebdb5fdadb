import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A short exclusive lease across instances (e.g. one token refresh per user at a time). */
@Entity('leases')
export class LeaseEntity {
  @PrimaryColumn({ name: 'lease_key', type: 'varchar', length: 191 })
  key: string;

  /** Random per holder: only the holder can release (compare-and-delete). */
  @Column({ type: 'varchar', length: 36 })
  owner: string;

  @Column({ name: 'expires_at', type: Date })
  expiresAt: Date;
}
