import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { QueryDeepPartialEntity, Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import type { UserEntity, UserSettings } from '../users/user.entity.js';
import { assertWithinLimits } from '../users/user-settings.service.js';
import { AdminSettingsEntity } from './admin-settings.entity.js';
import { effectiveSettings } from './effective-settings.js';

/** What GET /admin/settings answers: the account's policy, or the empty one. */
export interface AdminSettings {
  userSettings: UserSettings;
  customConnector: unknown;
}

type Columns = QueryDeepPartialEntity<AdminSettingsEntity>;

const MAX_CUSTOM_CONNECTOR_BYTES = 64 * 1024;

/** Each RingCentral account's policy, and the settings its users work with under it. */
@Injectable()
export class AdminSettingsService {
  constructor(
    @InjectRepository(AdminSettingsEntity)
    private readonly settings: Repository<AdminSettingsEntity>,
  ) {}

  async forAccount(accountKey: string): Promise<AdminSettings> {
    const row = await this.settings.findOneBy({ accountKey });
    return row
      ? { userSettings: row.userSettings, customConnector: row.customConnector }
      : { userSettings: {}, customConnector: null };
  }

  /** Replaces the keys sent (userSettings, customConnector); a key not sent stays as it was. */
  async save(accountKey: string, input: Record<string, unknown>): Promise<void> {
    const update: Partial<AdminSettings> = {};
    if (input.userSettings !== undefined) {
      if (!isObject(input.userSettings)) {
        throw AppError.invalidRequest('adminSettings.userSettings must be an object');
      }
      update.userSettings = managedSettings(input.userSettings);
    }
    if (input.customConnector !== undefined) {
      if (Buffer.byteLength(JSON.stringify(input.customConnector)) > MAX_CUSTOM_CONNECTOR_BYTES) {
        throw AppError.invalidRequest('adminSettings.customConnector must be at most 64 KB');
      }
      update.customConnector = input.customConnector;
    }
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const current = await this.settings.findOneBy({ accountKey });
      if (current) {
        if (Object.keys(update).length > 0)
          await this.settings.update({ accountKey }, update as Columns);
        return;
      }
      try {
        await this.settings.insert({
          accountKey,
          userSettings: update.userSettings ?? {},
          customConnector: update.customConnector ?? null,
        } as Columns);
        return;
      } catch (error) {
        // Another admin of the account saved first: update that row instead.
        if (!isUniqueViolation(error)) throw error;
      }
    }
  }

  /** The user's settings merged with the policy of the account they last proved (if any). */
  async effectiveFor(user: UserEntity, accountKey = user.rcAccountKey): Promise<UserSettings> {
    if (!accountKey) return user.settings;
    const row = await this.settings.findOneBy({ accountKey });
    return effectiveSettings(row?.userSettings, user.settings);
  }

  /** The policy's settings for a user's first sign-in (GET /user/preloadSettings). */
  async preload(accountKey: string): Promise<UserSettings | undefined> {
    return (await this.settings.findOneBy({ accountKey }))?.userSettings;
  }
}

/** Any JSON per key: the official example manages bare values (`autoLogCalls: true`). */
function managedSettings(value: Record<string, unknown>): UserSettings {
  for (const key of Object.keys(value)) {
    if (key.length === 0 || key.length > 128) {
      throw AppError.invalidRequest('adminSettings.userSettings keys must be 1 to 128 characters');
    }
  }
  const settings = value as UserSettings;
  assertWithinLimits(settings);
  return settings;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
