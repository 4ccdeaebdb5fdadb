import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import type { PhoneQuery } from './phone-query.js';

const COUNTRY = /^[A-Z]{2}$/;

/** Whether a phone as a CRM stored it is the queried number (national ones read in `country`). */
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

export function matchingPhone<T>(
  items: readonly T[],
  phoneOf: (item: T) => unknown,
  query: PhoneQuery,
  country?: unknown,
): T | undefined {
  return items.find((item) => phoneMatches(phoneOf(item), query, country));
}

/** The candidates of a loose (substring) search that really have the queried number. */
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
