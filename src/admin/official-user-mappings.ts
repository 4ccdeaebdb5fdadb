import { AppError } from '../common/errors/app-error.js';
import type { StoredUserMapping } from './crm-user-mapping.entity.js';

const MAX_MAPPINGS = 10_000;
const MAX_EXTENSIONS_PER_USER = 100;

/** The official `{crmUserId, rcExtensionId}` pairs (an id, or a list of them) as stored. */
export function fromOfficialMappings(input: unknown): StoredUserMapping[] {
  if (!Array.isArray(input)) {
    throw AppError.invalidRequest('adminSettings.userMappings must be an array');
  }
  if (input.length > MAX_MAPPINGS) {
    throw AppError.invalidRequest(
      `adminSettings.userMappings must hold at most ${MAX_MAPPINGS} items`,
    );
  }
  const seen = new Map<string, number>();
  return input.map((item: unknown, index) => {
    const at = `adminSettings.userMappings[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw AppError.invalidRequest(`${at} must be an object`);
    }
    const { crmUserId, rcExtensionId } = item as Record<string, unknown>;
    const id = idText(crmUserId, 255);
    if (id === undefined) {
      throw AppError.invalidRequest(
        `${at}.crmUserId must be a string or number of 1 to 255 characters`,
      );
    }
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      throw AppError.invalidRequest(`${at}.crmUserId repeats userMappings[${earlier}]`);
    }
    seen.set(id, index);
    const list = Array.isArray(rcExtensionId) ? rcExtensionId : [rcExtensionId];
    const extensions = list.map((value) => idText(value, 64));
    if (list.length > MAX_EXTENSIONS_PER_USER || extensions.some((value) => value === undefined)) {
      throw AppError.invalidRequest(
        `${at}.rcExtensionId must be an extension id (1 to 64 characters) or a list of at most ${MAX_EXTENSIONS_PER_USER}`,
      );
    }
    return { crmUserId: id, rcExtensionIds: [...new Set(extensions as string[])] };
  });
}

export function toOfficialMappings(mappings: StoredUserMapping[]) {
  return mappings.map((m) => ({ crmUserId: m.crmUserId, rcExtensionId: m.rcExtensionIds }));
}

function idText(value: unknown, max: number): string | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  return typeof text === 'string' && text.length > 0 && text.length <= max ? text : undefined;
}
