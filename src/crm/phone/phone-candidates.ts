import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { PhoneQuery } from './phone-query.js';

const COUNTRY = /^[A-Z]{2}$/;

/**
 * Whether a phone as a CRM stored it (`030 1234567`, `+44 (0)20 7946 0018`, `0049 89 4711 0815
 * x12`) is the queried number. A national format is read in `country` (the record's country, e.g.
 * a person's `country` field), else in the queried number's own country. An extension is ignored.
 */
export function phoneMatches(stored: unknown, query: PhoneQuery, country?: unknown): boolean {
  if (typeof stored !== 'string' && typeof stored !== 'number') return false;
  if (query.isExtension || query.e164 === '') return false;
  const text = String(stored).trim();
  if (text === '') return false;
  const upper = typeof country === 'string' ? country.trim().toUpperCase() : '';
  const region = (COUNTRY.test(upper) ? upper : query.country) || undefined;
  const parsed = parsePhoneNumberFromString(text, region as CountryCode | undefined);
  return parsed?.number === query.e164;
}

/** The first of `items` whose phone (`phoneOf`) is the queried number. */
export function matchingPhone<T>(
  items: readonly T[],
  phoneOf: (item: T) => unknown,
  query: PhoneQuery,
  country?: unknown,
): T | undefined {
  return items.find((item) => phoneMatches(phoneOf(item), query, country));
}

/**
 * The candidates of a loose search (a digits substring, a suffix) that really have the queried
 * number among their phones: a shorter number inside a longer one, or the same digits in another
 * country, is dropped.
 */
export function keepPhoneMatches<T>(
  candidates: readonly T[],
  phonesOf: (candidate: T) => readonly unknown[],
  query: PhoneQuery,
  countryOf?: (candidate: T) => unknown,
): T[] {
  return candidates.filter((candidate) =>
    phonesOf(candidate).some((phone) => phoneMatches(phone, query, countryOf?.(candidate))),
  );
}
