import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { QueryDeepPartialEntity, Repository } from 'typeorm';
import { replaceRow } from '../database/replace-row.js';
import { CrmUserMappingEntity, type StoredUserMapping } from './crm-user-mapping.entity.js';

/** An account's stored CRM user ↔ extension pairs, one document per hashed account and platform. */
@Injectable()
export class CrmUserMappingsService {
  constructor(
    @InjectRepository(CrmUserMappingEntity)
    private readonly rows: Repository<CrmUserMappingEntity>,
  ) {}

  async stored(accountKey: string, platform: string): Promise<StoredUserMapping[]> {
    return (await this.rows.findOneBy({ accountKey, platform }))?.mappings ?? [];
  }

  async replace(accountKey: string, platform: string, mappings: StoredUserMapping[]) {
    const columns = { mappings } as QueryDeepPartialEntity<CrmUserMappingEntity>;
    await replaceRow(
      () => this.rows.update({ accountKey, platform }, columns),
      () => this.rows.insert({ accountKey, platform, ...columns }),
    );
  }
}
