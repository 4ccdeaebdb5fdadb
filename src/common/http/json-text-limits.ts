import { tooLarge, type BodyLimits } from './body-limits.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LETTER_U = 0x75;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Checks BODY_MAX_* on the raw bytes, so JSON.parse never spends time on a refused body. */
export function checkJsonTextLimits(text: Buffer, limits: BodyLimits): void {
  const isObject: boolean[] = [];
  const counts: number[] = [];
  let awaitingFirst = false;
  let i = 0;
  while (i < text.length) {
    const byte = text[i];
    if (byte === QUOTE) {
      if (awaitingFirst) countFirst();
      i = skipString(text, i + 1, limits);
      continue;
    }
    i += 1;
    if (isWhitespace(byte)) continue;
    if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      isObject.pop();
      counts.pop();
      awaitingFirst = false;
      continue;
    }
    if (awaitingFirst) countFirst();
    if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (isObject.length >= limits.maxDepth) {
        throw tooLarge(
          `values are nested more than ${limits.maxDepth} levels deep`,
          'BODY_MAX_DEPTH',
        );
      }
      isObject.push(byte === OPEN_OBJECT);
      counts.push(0);
      awaitingFirst = true;
    } else if (byte === COMMA && counts.length > 0) {
      counts[counts.length - 1] += 1;
      checkCount();
    }
  }

  function countFirst(): void {
    awaitingFirst = false;
    counts[counts.length - 1] = 1;
  }

  function checkCount(): void {
    const count = counts[counts.length - 1];
    if (isObject[isObject.length - 1]) {
      if (count > limits.maxKeys) {
        throw tooLarge(`an object holds more than ${limits.maxKeys} keys`, 'BODY_MAX_KEYS');
      }
    } else if (count > limits.maxArrayItems) {
      throw tooLarge(
        `an array holds more than ${limits.maxArrayItems} items`,
        'BODY_MAX_ARRAY_ITEMS',
      );
    }
  }
}

function skipString(text: Buffer, start: number, limits: BodyLimits): number {
  let chars = 0;
  let i = start;
  while (i < text.length) {
    const byte = text[i];
    if (byte === QUOTE) break;
    if (byte === BACKSLASH) {
      i += text[i + 1] === LETTER_U ? 6 : 2;
      chars += 1;
    } else {
      // A 4-byte UTF-8 sequence is two UTF-16 units; continuation bytes add nothing.
      if (byte >= 0xf0) chars += 2;
      else if ((byte & 0xc0) !== 0x80) chars += 1;
      i += 1;
    }
  }
  if (chars > limits.maxStringChars) {
    throw tooLarge(
      `a string is longer than ${limits.maxStringChars} characters`,
      'BODY_MAX_STRING_CHARS',
    );
  }
  return i + 1;
}
