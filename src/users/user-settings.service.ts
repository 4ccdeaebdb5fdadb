import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error.js';
import type { UpdateUserSettingsDto } from './dto/update-user-settings.dto.js';
import { UserEntity, type UserSettings } from './user.entity.js';
import { UsersService } from './users.service.js';

export const MAX_SETTING_KEYS = 500;
export const MAX_SETTINGS_BYTES = 256 * 1024;
const MERGE_BUDGET_MS = 5000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The user's settings map (docs/client-contract.md, User). */
@Injectable()
export class UserSettingsService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly usersService: UsersService,
  ) {}

  /** Merges key by key, retried on a concurrent change: no merge loses another's keys. */
  async update(userId: string, input: UpdateUserSettingsDto): Promise<UserSettings> {
    const incoming = validSettings(input.userSettings ?? {});
    const deadline = Date.now() + MERGE_BUDGET_MS;
    for (let attempt = 0; ; attempt += 1) {
      const user = await this.users.findOneByOrFail({ id: userId });
      const merged: UserSettings = { ...user.settings, ...incoming };
      for (const key of input.settingKeysToRemove ?? []) delete merged[key];
      assertWithinLimits(merged);
      if (await this.usersService.replaceSettings(userId, user.settingsVersion, merged)) {
        return merged;
      }
      if (Date.now() >= deadline) break;
      await pause(Math.random() * Math.min(100, 5 * 2 ** attempt));
    }
    throw new AppError('SERVICE_UNAVAILABLE', 'Settings are being changed elsewhere; try again');
  }
}

function validSettings(value: Record<string, unknown>): UserSettings {
  for (const [key, setting] of Object.entries(value)) {
    if (key.length === 0 || key.length > 128) {
      throw AppError.invalidRequest('userSettings keys must be 1 to 128 characters');
    }
    if (typeof setting !== 'object' || setting === null || Array.isArray(setting)) {
      throw AppError.invalidRequest(`userSettings.${key} must be an object`);
    }
  }
  return value as UserSettings;
}

/** At most MAX_SETTING_KEYS entries and MAX_SETTINGS_BYTES of JSON. */
export function assertWithinLimits(settings: UserSettings): void {
  if (Object.keys(settings).length > MAX_SETTING_KEYS) {
    throw AppError.invalidRequest(`userSettings must have at most ${MAX_SETTING_KEYS} keys`);
  }
  if (Buffer.byteLength(JSON.stringify(settings)) > MAX_SETTINGS_BYTES) {
    throw AppError.invalidRequest('userSettings must be at most 256 KB');
  }
}
