import { randomInt } from 'node:crypto';
import {
  parsePhoneQuery,
  phoneVariantEntries,
  type PhoneVariantKind,
} from '../../src/crm/phone/index.js';

/** A country the kit writes numbers of, and a fictional number there, unique enough per run. */
export interface KitCountry {
  country: string;
  /** A new E.164 number. */
  number(): string;
}

const digits = (count: number, first = 0) =>
  String(randomInt(first, 10)) +
  Array.from({ length: count - 1 }, () => String(randomInt(10))).join('');

/**
 * Fictional or drama ranges where they exist: NANP 555-01xx; Ofcom's 020 7946 0xxx; Berlin and
 * Paris numbers with a random subscriber part. GB, DE and FR write a trunk prefix (0) nationally.
 */
export const KIT_COUNTRIES: readonly KitCountry[] = [
  {
    country: 'US',
    number: () => `+1${['202', '312', '415', '503', '617', '702'][randomInt(6)]}55501${digits(2)}`,
  },
  { country: 'GB', number: () => `+4420794600${digits(2)}` },
  { country: 'DE', number: () => `+4930${digits(8, 2)}` },
  { country: 'FR', number: () => `+3319900${digits(4)}` },
];

/** `e164` written as people type it in `format` (the client always asks in E.164). */
export function writtenAs(e164: string, format: PhoneVariantKind): string {
  return phoneVariantEntries(parsePhoneQuery(e164), [format])[0].value;
}

/**
 * A German number and a US one whose digits contain the German national number: a digits-substring
 * search for the first finds the second, which is not the same number.
 */
export function lookAlikes(): { searched: string; other: string } {
  const national = `30${digits(1, 2)}${digits(1, 2)}${digits(5)}`;
  return {
    searched: `+49${national}`,
    other: `+1 ${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}${digits(1)}`,
  };
}
