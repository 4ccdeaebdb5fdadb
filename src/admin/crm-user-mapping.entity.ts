import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One CRM user and the RingCentral extensions mapped to them. */
export interface StoredUserMapping {
  crmUserId: string;
  rcExtensionIds: string[];
}

const json = {
  to: (value: StoredUserMapping[] | undefined) => JSON.stringify(value ?? []),
  from: (value: string | null) => (value ? (JSON.parse(value) as StoredUserMapping[]) : []),
};

/** An account's CRM user mapping for one platform (POST /admin/userMapping). */
@Entity('crm_user_mappings')
export class CrmUserMappingEntity {
  /** RcIdHasher of the RingCentral account id. */
  @PrimaryColumn({ name: 'account_key', type: 'varchar', length: 64 })
  accountKey: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  platform: string;

  @Column({ type: 'text', transformer: json })
  mappings: StoredUserMapping[];

  @UpdateDateColumn({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
