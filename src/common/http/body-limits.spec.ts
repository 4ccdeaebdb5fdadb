import { checkBodyLimits, type BodyLimits } from './body-limits.js';
import { checkJsonTextLimits } from './json-text-limits.js';

const limits: BodyLimits = { maxDepth: 3, maxKeys: 2, maxArrayItems: 3, maxStringChars: 4 };

/** Both checks must agree: the text scan before JSON.parse, the walk after it. */
function refusal(json: string): string | undefined {
  let fromText: string | undefined;
  let fromWalk: string | undefined;
  try {
    checkJsonTextLimits(Buffer.from(json), limits);
  } catch (error) {
    fromText = (error as Error).message;
  }
  try {
    checkBodyLimits(JSON.parse(json), limits);
  } catch (error) {
    fromWalk = (error as Error).message;
  }
  if (!fromWalk?.includes('is not allowed')) expect(fromText).toBe(fromWalk);
  return fromWalk;
}

describe('body limits (text scan and walk)', () => {
  it.each([
    '{}',
    '[]',
    '{"a":{"b":[1,2,3]}}',
    '{"ab":"abcd","c":[]}',
    '["€€€€", "\\n\\u00e9ab", "😀😀"]',
    '{ "a" : [ { } , [ ] ] }',
  ])('accepts %s', (json) => {
    expect(refusal(json)).toBeUndefined();
  });

  it.each([
    ['{"a":{"b":{"c":{}}}}', 'nested more than 3 levels deep (BODY_MAX_DEPTH)'],
    ['[[[[]]]]', 'nested more than 3 levels deep (BODY_MAX_DEPTH)'],
    ['{"a":1,"b":2,"c":3}', 'an object holds more than 2 keys (BODY_MAX_KEYS)'],
    ['[{"a":1,"b":{"c":1,"d":2,"e":3}}]', 'an object holds more than 2 keys (BODY_MAX_KEYS)'],
    ['[1,[2,3,4,5]]', 'an array holds more than 3 items (BODY_MAX_ARRAY_ITEMS)'],
    ['["abcde"]', 'a string is longer than 4 characters (BODY_MAX_STRING_CHARS)'],
    ['{"abcde":1}', 'a string is longer than 4 characters (BODY_MAX_STRING_CHARS)'],
    ['["😀😀😀"]', 'a string is longer than 4 characters (BODY_MAX_STRING_CHARS)'],
    ['["a\\"b,c,d"]', 'a string is longer than 4 characters (BODY_MAX_STRING_CHARS)'],
  ])('refuses %s', (json, says) => {
    expect(refusal(json)).toBe(
      `Request body too large: ${says.replace(/^nested/, 'values are nested')}`,
    );
  });

  it('does not count commas inside strings', () => {
    expect(refusal('["a,b,", ",,,"]')).toBeUndefined();
  });

  it('names the innermost prototype key', () => {
    const walk = (json: string) => () =>
      checkBodyLimits(JSON.parse(json), { ...limits, maxStringChars: 20 });
    expect(walk('{"constructor":{"prototype":{"a":1}}}')).toThrow(
      'Invalid request: the key prototype is not allowed',
    );
    expect(walk('[{"__proto__":1}]')).toThrow('Invalid request: the key __proto__ is not allowed');
  });
});
