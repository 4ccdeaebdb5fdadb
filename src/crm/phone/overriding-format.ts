/** Patterns used at most: the client has three settings, `overridingPhoneNumberFormat`…`3`. */
export const MAX_OVERRIDING_PATTERNS = 3;

// Longer than any real template; bounds the strings a crafted request can send to a CRM.
const MAX_PATTERN_LENGTH = 40;
const PATTERN_CHARACTERS = /^[\d#* ()+\-./]+$/;
const PLACEHOLDER = /[#*]/g;
const LEADING_CALLING_CODE = /^\+(\d+)/;

/**
 * Splits `overridingFormat` as received into trimmed, non-empty patterns in the order given,
 * keeping the first three. Accepts the query-string value (URI-encoded once by the client, or
 * already decoded by Express), `""`, or an array of patterns from a JSON body.
 */
export function parseOverridingFormat(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const values: readonly unknown[] = typeof value === 'string' ? [value] : value;
  return values
    .filter((item): item is string => typeof item === 'string')
    .flatMap((item) => decodeOnce(item).split(','))
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== '')
    .slice(0, MAX_OVERRIDING_PATTERNS);
}

/**
 * Fills each `#` or `*` of `pattern`, in order, with the next digit of the national significant
 * number. Returns undefined when the pattern does not apply: characters other than digits, `#`,
 * `*`, space and `()+-./`; a placeholder count different from the number's length; or a leading
 * `+<digits>` that is not the number's country calling code.
 */
export function fillOverridingPattern(
  pattern: string,
  number: { readonly countryCallingCode: string; readonly nationalNumber: string },
): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH || !PATTERN_CHARACTERS.test(pattern)) return undefined;
  const placeholders = pattern.match(PLACEHOLDER)?.length ?? 0;
  if (placeholders === 0 || placeholders !== number.nationalNumber.length) return undefined;
  // Users write '+1 ### ### ####' for their home country; filling it with a foreign number's
  // digits would search a different, real number (+44 20… → '+1 207 …', a Maine number).
  const callingCode = LEADING_CALLING_CODE.exec(pattern)?.[1];
  if (callingCode !== undefined && callingCode !== number.countryCallingCode) return undefined;
  let next = 0;
  return pattern.replace(PLACEHOLDER, () => number.nationalNumber[next++]);
}

/** Fills every pattern that applies, in order, without duplicates. */
export function fillOverridingPatterns(
  patterns: readonly string[],
  number: { readonly countryCallingCode: string; readonly nationalNumber: string },
): string[] {
  const filled = patterns
    .map((pattern) => fillOverridingPattern(pattern, number))
    .filter((value): value is string => value !== undefined);
  return [...new Set(filled)];
}

function decodeOnce(value: string): string {
  // The client encodes the value once, and Express may already have decoded it. Decoding again
  // is harmless: valid patterns contain no '%', and a stray '%' either throws (kept as is) or
  // yields characters that make the pattern invalid anyway.
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
