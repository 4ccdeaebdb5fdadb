import { parsePhoneNumberWithError, type PhoneNumber } from 'libphonenumber-js/min';
import { InvalidPhoneNumberError } from './invalid-phone-number-error.js';
import { fillOverridingPatterns, parseOverridingFormat } from './overriding-format.js';

/**
 * A phone number the client asked about, parsed once and pre-formatted for CRM searches. Frozen.
 * For an extension query only `raw`, `isExtension` and `extension` carry data; the strings are ''
 * and `overriding` is empty.
 */
export interface PhoneQuery {
  /** The normalized input: E.164 as sent (with the lost '+' restored), or the trimmed extension. */
  readonly raw: string;
  readonly isExtension: boolean;
  /** The bare extension number, only when `isExtension`. */
  readonly extension?: string;
  /** Canonical E.164: '+14155550100'. */
  readonly e164: string;
  /** '1', '44'. */
  readonly countryCallingCode: string;
  /** The number's country (ISO 3166 alpha-2: 'US', 'GB'); '' when not one country's number. */
  readonly country: string;
  /** National significant number: '4155550100', UK '2079460958'. */
  readonly nationalNumber: string;
  /** National format: '(415) 555-0100', UK '020 7946 0958'. */
  readonly national: string;
  /** International format: '+1 415 555 0100', UK '+44 20 7946 0958'. */
  readonly international: string;
  /** Digits with the country code: '14155550100'. */
  readonly digits: string;
  /**
   * Digits of the national format, trunk prefix included: '4155550100', UK '02079460958'. Not a
   * substring of the same number typed internationally (`+44 20…`): substring searches use
   * `nationalNumber`.
   */
  readonly nationalDigits: string;
  /** The user's `overridingFormat` patterns that apply, filled in, in the order given. */
  readonly overriding: readonly string[];
}

export interface ParsePhoneQueryOptions {
  /** `overridingFormat` as received; see `parseOverridingFormat`. */
  overridingFormat?: string | readonly string[];
  /** The client sent `isExtension=true`: the input is a bare extension number. */
  isExtension?: boolean;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const EXTENSION = /^\d{1,10}$/;

/**
 * Undoes the client's query-string encoding of a phone number: leading whitespace followed by
 * digits becomes '+digits'; anything else is only trimmed. The result is not validated.
 */
export function normalizeClientPhoneNumber(raw: string): string {
  const trimmed = raw.trim();
  // The client pastes E.164 numbers into query strings unencoded, so the '+' arrives as a space.
  // Only a gap at the very start is a lost '+'; inner spaces are left for validation to reject.
  return /^\s/.test(raw) && /^\d/.test(trimmed) ? `+${trimmed}` : trimmed;
}

/**
 * Parses the client's `phoneNumber` into a PhoneQuery. A number must be E.164 after
 * normalization and possible for its country calling code (a plausible length; ranges such as
 * 555 test numbers are accepted). Throws InvalidPhoneNumberError otherwise.
 */
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
