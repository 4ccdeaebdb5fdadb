import { Injectable } from '@nestjs/common';
import { CrmSessionService } from '../auth/crm-session.service.js';
import { AppError } from '../common/errors/app-error.js';
import type { UserEntity } from '../users/user.entity.js';
import { CrmUserMappingsService } from '../admin/crm-user-mappings.service.js';
import { resolveMappings, type RcExtension, type UserMappingRow } from './extension-matching.js';

const MAX_EXTENSIONS = 10_000;
const TEXT_MAX = 255;
const TEXT_FIELDS = ['name', 'firstName', 'lastName', 'email', 'extensionNumber'] as const;

/** The account's CRM user mapping (docs/client-contract.md, Admin), one document per platform. */
@Injectable()
export class UserMappingService {
  constructor(
    private readonly store: CrmUserMappingsService,
    private readonly sessions: CrmSessionService,
  ) {}

  /**
   * The CRM's users, each with its extensions: stored mappings kept, new users matched by email then
   * name; `reinitialize` matches everyone afresh and replaces what was stored. A provider without
   * getUserList answers `[]`, as the official server does.
   */
  async resolve(
    accountKey: string,
    user: UserEntity,
    extensions: RcExtension[],
    reinitialize: boolean,
  ): Promise<UserMappingRow[]> {
    const { provider, ctx } = this.sessions.open(user);
    if (typeof provider.getUserList !== 'function') return [];
    const crmUsers = await provider.getUserList(ctx);
    const platform = user.platform;
    const existing = reinitialize ? [] : await this.store.stored(accountKey, platform);
    const { rows, mappings } = resolveMappings(crmUsers, extensions, existing);
    if (reinitialize || mappings.length !== existing.length) {
      await this.store.replace(accountKey, platform, mappings);
    }
    return rows;
  }
}

/** The client's extension list, each item checked (a 400 names the first bad one). */
export function checkedExtensions(list: unknown[]): RcExtension[] {
  if (list.length > MAX_EXTENSIONS) {
    throw AppError.invalidRequest(`rcExtensionList must hold at most ${MAX_EXTENSIONS} extensions`);
  }
  return list.map((item, index) => {
    const at = `rcExtensionList[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw AppError.invalidRequest(`${at} must be an object`);
    }
    const raw = item as Record<string, unknown>;
    const id = raw.id;
    const idText = typeof id === 'number' && Number.isFinite(id) ? String(id) : id;
    if (typeof idText !== 'string' || idText.length === 0 || idText.length > 64) {
      throw AppError.invalidRequest(`${at}.id must be a string or number of 1 to 64 characters`);
    }
    const extension: RcExtension = { id: id as string | number };
    for (const field of TEXT_FIELDS) {
      const value = raw[field];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string' || value.length > TEXT_MAX) {
        throw AppError.invalidRequest(
          `${at}.${field} must be a string of at most ${TEXT_MAX} characters`,
        );
      }
      extension[field] = value;
    }
    return extension;
  });
}
