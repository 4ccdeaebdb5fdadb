import type { PhoneQuery } from './phone-query.js';

/** A way of writing a phone number that a CRM may have stored. */
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

/**
 * The kinds searched by default, most specific first. `nationalNumber` (the national significant
 * number, no trunk prefix: '301234567' for +49 30 1234567) is left out: it is for CRMs whose
 * search finds digits anywhere in a stored number, where it is the one variant found in every
 * format.
 */
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

/** One search string and the kind that produced it. */
export interface PhoneVariant {
  readonly kind: PhoneVariantKind;
  readonly value: string;
}

/**
 * The distinct, non-empty search strings for `query` in the order of `kinds`, each tagged with
 * the first kind that produced it (`overriding` contributes each filled pattern). Empty for an
 * extension query.
 */
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

/** The distinct, non-empty search strings for `query`, in the order of `kinds`. */
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
      // RFC 3966 without 'tel:': '+1-415-555-0199'.
      return [query.international.replace(/[^\d+]+/g, '-')];
    case 'dotted':
      return [dotted(query)];
    default:
      throw new TypeError(`Unknown phone variant kind ${JSON.stringify(kind satisfies never)}`);
  }
}

/** The national significant number grouped as in the international format, joined with '.'. */
function dotted(query: PhoneQuery): string {
  const prefix = `+${query.countryCallingCode}`;
  if (!query.international.startsWith(prefix)) return '';
  const groups = query.international.slice(prefix.length).split(/\D+/).filter(Boolean);
  return groups.join('') === query.nationalNumber ? groups.join('.') : '';
}
