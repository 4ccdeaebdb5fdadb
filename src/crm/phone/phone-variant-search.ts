import type { PhoneQuery } from './phone-query.js';
import {
  DEFAULT_PHONE_VARIANTS,
  phoneVariantEntries,
  type PhoneVariantKind,
} from './phone-variants.js';

export interface PhoneVariantSearchOptions<T> {
  idOf: (item: T) => string;
  variants?: readonly PhoneVariantKind[];
  stop?: 'first-hit' | 'all';
  maxSearches?: number;
}

/** Runs `search` once per distinct variant of `query`, in order, merging results by `idOf`. */
export async function searchPhoneVariants<T>(
  query: PhoneQuery,
  search: (variant: string, kind: PhoneVariantKind) => Promise<readonly T[]>,
  options: PhoneVariantSearchOptions<T>,
): Promise<T[]> {
  const { idOf, variants = DEFAULT_PHONE_VARIANTS, stop = 'all', maxSearches } = options;
  if (maxSearches !== undefined && !(Number.isInteger(maxSearches) && maxSearches >= 1)) {
    throw new RangeError(`maxSearches must be a positive integer, got ${maxSearches}`);
  }
  const merged = new Map<string, T>();
  const entries = phoneVariantEntries(query, variants).slice(0, maxSearches);
  // Sequential on purpose: CRMs rate-limit, and first-hit must not pay for searches it skips.
  for (const { kind, value } of entries) {
    const found = await search(value, kind);
    for (const item of found) {
      const id = idOf(item);
      if (!merged.has(id)) merged.set(id, item);
    }
    if (stop === 'first-hit' && found.length > 0) break;
  }
  return [...merged.values()];
}
