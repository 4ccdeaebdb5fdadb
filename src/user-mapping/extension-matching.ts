import type { CrmDirectoryUser } from '../crm/crm-auth.types.js';
import type { StoredUserMapping } from '../admin/crm-user-mapping.entity.js';

/** A RingCentral extension as the client lists it (`rcExtensionList`); the id as it was sent. */
export interface RcExtension {
  id: string | number;
  name?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  extensionNumber?: string;
}

/** One row of the official answer: a CRM user and the extensions mapped to them. */
export interface UserMappingRow {
  crmUser: { id: string; name: string; email: string };
  rcUser: { extensionId: string | number; name: string; extensionNumber: string; email: string }[];
}

export interface MappingOutcome {
  rows: UserMappingRow[];
  mappings: StoredUserMapping[];
}

const norm = (text: string | undefined) => (text ?? '').trim().toLowerCase();

export const extensionName = (extension: RcExtension) =>
  extension.name?.trim() ||
  [extension.firstName, extension.lastName].filter(Boolean).join(' ').trim();

/** The extension whose email is the CRM user's, else the first whose name is (case-insensitive). */
export function matchExtension(
  crmUser: CrmDirectoryUser,
  extensions: readonly RcExtension[],
): RcExtension | undefined {
  const email = norm(crmUser.email);
  const byEmail = email ? extensions.find((e) => norm(e.email) === email) : undefined;
  if (byEmail) return byEmail;
  const name = norm(crmUser.name);
  return name ? extensions.find((e) => norm(extensionName(e)) === name) : undefined;
}

/**
 * Stored mappings are kept (extensions not in the list are left out of the answer, not forgotten);
 * a CRM user without one is matched now and, when matched, stored. Without `existing` every user
 * is matched afresh (reinitialize).
 */
export function resolveMappings(
  crmUsers: readonly CrmDirectoryUser[],
  extensions: readonly RcExtension[],
  existing: readonly StoredUserMapping[] = [],
): MappingOutcome {
  const stored = new Map(existing.map((mapping) => [mapping.crmUserId, mapping]));
  const mappings: StoredUserMapping[] = [...existing];
  const rows = crmUsers.map((crmUser): UserMappingRow => {
    const kept = stored.get(crmUser.id);
    let mapped: RcExtension[];
    if (kept) {
      mapped = extensions.filter((e) => kept.rcExtensionIds.includes(String(e.id)));
    } else {
      const match = matchExtension(crmUser, extensions);
      mapped = match ? [match] : [];
      if (match) mappings.push({ crmUserId: crmUser.id, rcExtensionIds: [String(match.id)] });
    }
    return {
      crmUser: { id: crmUser.id, name: crmUser.name ?? '', email: crmUser.email ?? '' },
      rcUser: mapped.map((e) => ({
        extensionId: e.id,
        name: extensionName(e),
        extensionNumber: e.extensionNumber ?? '',
        email: e.email ?? '',
      })),
    };
  });
  return { rows, mappings };
}
