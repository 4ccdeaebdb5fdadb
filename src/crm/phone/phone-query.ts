import { parsePhoneNumberWithError, type PhoneNumber } from 'libphonenumber-js/min';
import { InvalidPhoneNumberError } from './invalid-phone-number-error.js';
import { fillOverridingPatterns, parseOverridingFormat } from './overriding-format.js';

/** A number the client asked about, in the formats CRMs store (extension queries: `extension`). */
export interface PhoneQuery {
  readonly raw: string;
  readonly isExtension: boolean;
  readonly extension?: string;
  readonly e164: string;
  readonly countryCallingCode: string;
  readonly country: string;
  /** Without trunk prefix: inside every way of writing the number. */
  readonly nationalNumber: string;
  readonly national: string;
  readonly international: string;
  readonly digits: string;
  readonly nationalDigits: string;
  readonly overriding: readonly string[];
}

export interface ParsePhoneQueryOptions {
  overridingFormat?: string | readonly string[];
  isExtension?: boolean;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const EXTENSION = /^\d{1,10}$/;

export function normalizeClientPhoneNumber(raw: string): string {
  const trimmed = raw.trim();
  // The client sends E.164 unencoded in query strings, so the '+' arrives as a leading space.
  return /^\s/.test(raw) && /^\d/.test(trimmed) ? `+${trimmed}` : trimmed;
}

/** Throws InvalidPhoneNumberError unless E.164 and possible (555 test ranges pass). */
export function parsePhoneQuery(raw: string, options: ParsePhoneQueryOptions = {}): PhoneQuery {
  if (typeof raw !== 'string') throw new InvalidPhoneNumberError('missing', '');
  return options.isExtension ? parseExtension(raw) : parseNumber(raw, options.overridingFormat);
}

function parseExtension(raw: string): PhoneQuery {
  const extension = raw.trim();
  if (!EXTENSION.test(extension)) throw new InvalidPhoneNumberError('bad-extension', extension);
  return Object.freeze({
    raw: extension,
    isExtension: true,
    extension,
    e164: '',
    countryCallingCode: '',
    country: '',
    nationalNumber: '',
    national: '',
    international: '',
    digits: '',
    nationalDigits: '',
    overriding: Object.freeze([]),
  });
}

function parseNumber(
  raw: string,
  overridingFormat: ParsePhoneQueryOptions['overridingFormat'],
): PhoneQuery {
  const normalized = normalizeClientPhoneNumber(raw);
  if (normalized === '') throw new InvalidPhoneNumberError('missing', normalized);
  if (!E164.test(normalized)) throw new InvalidPhoneNumberError('not-e164', normalized);
  let phone: PhoneNumber;
  try {
    phone = parsePhoneNumberWithError(normalized);
  } catch (cause) {
    throw new InvalidPhoneNumberError('not-possible', normalized, { cause });
  }
  if (!phone.isPossible()) throw new InvalidPhoneNumberError('not-possible', normalized);

  const countryCallingCode = String(phone.countryCallingCode);
  const nationalNumber = String(phone.nationalNumber);
  const national = phone.formatNational();
  return Object.freeze({
    raw: normalized,
    isExtension: false,
    e164: String(phone.number),
    countryCallingCode,
    // An unassigned range has no country; the code's main country reads its national formats.
    country: phone.country ?? phone.getPossibleCountries()[0] ?? '',
    nationalNumber,
    national,
    international: phone.formatInternational(),
    digits: countryCallingCode + nationalNumber,
    nationalDigits: national.replace(/\D/g, ''),
    overriding: Object.freeze(
      fillOverridingPatterns(parseOverridingFormat(overridingFormat), {
        countryCallingCode,
        nationalNumber,
      }),
    ),
  });
}
