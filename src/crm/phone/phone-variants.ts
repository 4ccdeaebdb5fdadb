import type { PhoneQuery } from './phone-query.js';

export type PhoneVariantKind =
  | 'e164'
  | 'overriding'
  | 'national'
  | 'international'
  | 'nationalDigits'
  | 'nationalNumber'
  | 'digits'
  | 'dashed'
  | 'dotted';

/** Most specific first; `nationalNumber` is only for substring searches, so it is left out. */
export const DEFAULT_PHONE_VARIANTS: readonly PhoneVariantKind[] = Object.freeze([
  'e164',
  'overriding',
  'national',
  'international',
  'nationalDigits',
  'digits',
  'dashed',
  'dotted',
]);

export interface PhoneVariant {
  readonly kind: PhoneVariantKind;
  readonly value: string;
}

/** The distinct search strings for `query` in the order of `kinds`, each with its first kind. */
export function phoneVariantEntries(
  query: PhoneQuery,
  kinds: readonly PhoneVariantKind[] = DEFAULT_PHONE_VARIANTS,
): PhoneVariant[] {
  if (query.isExtension) return [];
  const seen = new Set<string>();
  const variants: PhoneVariant[] = [];
  for (const kind of kinds) {
    for (const value of valuesOf(query, kind)) {
      if (value === '' || seen.has(value)) continue;
      seen.add(value);
      variants.push({ kind, value });
    }
  }
  return variants;
}

export function phoneVariants(
  query: PhoneQuery,
  kinds: readonly PhoneVariantKind[] = DEFAULT_PHONE_VARIANTS,
): string[] {
  return phoneVariantEntries(query, kinds).map((variant) => variant.value);
}

function valuesOf(query: PhoneQuery, kind: PhoneVariantKind): readonly string[] {
  switch (kind) {
    case 'e164':
      return [query.e164];
    case 'overriding':
      return query.overriding;
    case 'national':
      return [query.national];
    case 'international':
      return [query.international];
    case 'nationalDigits':
      return [query.nationalDigits];
    case 'nationalNumber':
      return [query.nationalNumber];
    case 'digits':
      return [query.digits];
    case 'dashed':
      return [query.international.replace(/[^\d+]+/g, '-')];
    case 'dotted':
      return [dotted(query)];
    default:
      throw new TypeError(`Unknown phone variant kind ${JSON.stringify(kind satisfies never)}`);
  }
}

function dotted(query: PhoneQuery): string {
  const prefix = `+${query.countryCallingCode}`;
  if (!query.international.startsWith(prefix)) return '';
  const groups = query.international.slice(prefix.length).split(/\D+/).filter(Boolean);
  return groups.join('') === query.nationalNumber ? groups.join('.') : '';
}
