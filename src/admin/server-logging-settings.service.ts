import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { QueryDeepPartialEntity, Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error.js';
import { ServerLoggingSettingsEntity } from './server-logging-settings.entity.js';

const MAX_BYTES = 64 * 1024;

/** Each user's server-side logging field values, stored and returned as sent. */
@Injectable()
export class ServerLoggingSettingsService {
  constructor(
    @InjectRepository(ServerLoggingSettingsEntity)
    private readonly rows: Repository<ServerLoggingSettingsEntity>,
  ) {}

  async get(userId: string): Promise<Record<string, unknown>> {
    return (await this.rows.findOneBy({ userId }))?.additionalFieldValues ?? {};
  }

  async save(userId: string, additionalFieldValues: Record<string, unknown>): Promise<void> {
    if (Buffer.byteLength(JSON.stringify(additionalFieldValues)) > MAX_BYTES) {
      throw AppError.invalidRequest('additionalFieldValues must be at most 64 KB');
    }
    await this.rows.upsert(
      { userId, additionalFieldValues } as QueryDeepPartialEntity<ServerLoggingSettingsEntity>,
      ['userId'],
    );
  }
}
