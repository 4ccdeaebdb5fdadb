import { AppError } from '../errors/app-error.js';

/** What one request body may hold (BODY_MAX_* in docs/configuration.md). */
export interface BodyLimits {
  maxDepth: number;
  maxKeys: number;
  maxArrayItems: number;
  maxStringChars: number;
}

/** Keys that could reach a prototype if a body were merged into an object; refused anywhere. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function tooLarge(what: string, variable: string): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `Request body too large: ${what} (${variable})`);
}

/** Refuses prototype keys (400) and anything past a limit (413 naming it) in one walk. */
export function checkBodyLimits(body: unknown, limits: BodyLimits): void {
  walk(body, 1, limits);
}

function walk(value: unknown, depth: number, limits: BodyLimits): void {
  if (typeof value === 'string') {
    if (value.length > limits.maxStringChars) {
      throw tooLarge(
        `a string is longer than ${limits.maxStringChars} characters`,
        'BODY_MAX_STRING_CHARS',
      );
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth > limits.maxDepth) {
    throw tooLarge(`values are nested more than ${limits.maxDepth} levels deep`, 'BODY_MAX_DEPTH');
  }
  if (Array.isArray(value)) {
    if (value.length > limits.maxArrayItems) {
      throw tooLarge(
        `an array holds more than ${limits.maxArrayItems} items`,
        'BODY_MAX_ARRAY_ITEMS',
      );
    }
    for (const item of value) walk(item, depth + 1, limits);
    return;
  }
  const keys = Object.keys(value);
  if (keys.length > limits.maxKeys) {
    throw tooLarge(`an object holds more than ${limits.maxKeys} keys`, 'BODY_MAX_KEYS');
  }
  for (const key of keys) {
    if (key.length > limits.maxStringChars) {
      throw tooLarge(
        `a string is longer than ${limits.maxStringChars} characters`,
        'BODY_MAX_STRING_CHARS',
      );
    }
    walk((value as Record<string, unknown>)[key], depth + 1, limits);
    // After the value, so the innermost forbidden key is named (as JSON.parse's reviver did).
    if (FORBIDDEN_KEYS.has(key)) {
      throw AppError.invalidRequest(`the key ${key} is not allowed`);
    }
  }
}
