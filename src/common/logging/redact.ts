export const REDACTED = '[REDACTED]';

/** Names whose values are secrets, matched case-insensitively as whole names. */
const SECRET_NAMES = [
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'x-rc-access-token',
  'x-refreshed-jwt-token',
  'jwt_?token',
  'api[_-]?key',
  'access[_-]?token',
  'refresh[_-]?token',
  'id[_-]?token',
  'rc[_-]?access[_-]?token',
  'client[_-]?secret',
  'code[_-]?verifier',
  'pass(?:word|wd)',
  'token',
  'secret',
  'cookie',
  'set-cookie',
].join('|');

const JSON_PAIR = new RegExp(`("(?:${SECRET_NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');

/** `apiKey=…`, `'password': '…'`, `authorization: Bearer …`: the value up to the next separator. */
const NAME_VALUE = new RegExp(
  `(?<![\\w-])((?:${SECRET_NAMES})["']?\\s*[:=]\\s*["']?(?:(?:bearer|basic|token)\\s+)?)[^\\s"'&,;}\\]]+`,
  'gi',
);

const QUERY_CODE = /([?&]code=)[^&\s"'#]+/gi;

const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/g;

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;

/** Removes secrets from free text by their shape, catching ones it was never told about. */
export function redactText(text: string): string {
  return text
    .replace(JWT, REDACTED)
    .replace(JSON_PAIR, `$1"${REDACTED}"`)
    .replace(AUTH_SCHEME, `$1 ${REDACTED}`)
    .replace(NAME_VALUE, (match, prefix: string) =>
      match.slice(prefix.length) === REDACTED ? match : `${prefix}${REDACTED}`,
    )
    .replace(QUERY_CODE, `$1${REDACTED}`);
}

const SECRET_KEY = new RegExp(`^(?:${SECRET_NAMES})$`, 'i');
const SECRET_KEY_SUFFIX = /(?:token|secret|password|passwd|apikey|authorization|cookie|verifier)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) || SECRET_KEY_SUFFIX.test(key.replace(/[-_]/g, ''));
}

const MAX_DEPTH = 6;
const MAX_ITEMS = 100;

/** A copy of `value` safe to log: secret-named properties replaced, strings redacted, depth cut. */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' ? '[function]' : value;
  }
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[…]';
  seen.add(value);
  if (value instanceof Error) {
    const error: Record<string, unknown> = {
      type: value.name,
      message: redactText(value.message),
      stack: value.stack === undefined ? undefined : redactText(value.stack),
    };
    if (value.cause !== undefined) error.cause = redactValue(value.cause, depth + 1, seen);
    return error;
  }
  if (Array.isArray(value)) {
    return value.slice(0, MAX_ITEMS).map((item) => redactValue(item, depth + 1, seen));
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value).slice(0, MAX_ITEMS)) {
    copy[key] = isSecretKey(key) ? REDACTED : redactValue(item, depth + 1, seen);
  }
  return copy;
}
