export const MAX_OVERRIDING_PATTERNS = 3;

// Longer than any real template; bounds the strings a crafted request can send to a CRM.
const MAX_PATTERN_LENGTH = 40;
const PATTERN_CHARACTERS = /^[\d#* ()+\-./]+$/;
const PLACEHOLDER = /[#*]/g;
const LEADING_CALLING_CODE = /^\+(\d+)/;

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

/** Fills each `#` or `*` with the next digit of the national number; undefined if it cannot. */
export function fillOverridingPattern(
  pattern: string,
  number: { readonly countryCallingCode: string; readonly nationalNumber: string },
): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH || !PATTERN_CHARACTERS.test(pattern)) return undefined;
  const placeholders = pattern.match(PLACEHOLDER)?.length ?? 0;
  if (placeholders === 0 || placeholders !== number.nationalNumber.length) return undefined;
  // '+1 ### ### ####' filled with a foreign number's digits would search another, real number.
  const callingCode = LEADING_CALLING_CODE.exec(pattern)?.[1];
  if (callingCode !== undefined && callingCode !== number.countryCallingCode) return undefined;
  let next = 0;
  return pattern.replace(PLACEHOLDER, () => number.nationalNumber[next++]);
}

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
  // Express may already have decoded it; decoding again is harmless, as valid patterns hold no '%'.
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
