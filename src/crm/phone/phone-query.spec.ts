import {
  InvalidPhoneNumberError,
  type InvalidPhoneNumberReason,
} from './invalid-phone-number-error.js';
import { normalizeClientPhoneNumber, parsePhoneQuery } from './phone-query.js';

function reasonOf(run: () => unknown): InvalidPhoneNumberReason | 'no error' {
  try {
    run();
    return 'no error';
  } catch (error) {
    if (error instanceof InvalidPhoneNumberError) return error.reason;
    throw error;
  }
}

describe('normalizeClientPhoneNumber', () => {
  it.each([
    ['a "+" decoded to a space', ' 14155550100', '+14155550100'],
    ['a "+" decoded to a space, with trailing space', ' 14155550100  ', '+14155550100'],
    ['a tab before the digits', '\t14155550100', '+14155550100'],
    ['several blanks before the digits', ' \t 442079460958', '+442079460958'],
    ['an intact "+" (%2B)', '+14155550100', '+14155550100'],
    ['an intact "+" with surrounding space', ' +14155550100 ', '+14155550100'],
    ['digits without a leading gap: left alone', '14155550100', '14155550100'],
    ['an inner space is not a lost "+"', '+1 4155550100', '+1 4155550100'],
    ['only the leading gap becomes "+"', ' 1 415 555 0100', '+1 415 555 0100'],
    ['letters after a gap: trimmed only', ' abc', 'abc'],
    ['punctuation after a gap: trimmed only', ' (415) 555-0100', '(415) 555-0100'],
    ['empty', '', ''],
    ['blank', ' \t ', ''],
  ])('%s', (_label, raw, expected) => {
    expect(normalizeClientPhoneNumber(raw)).toBe(expected);
  });
});

describe('parsePhoneQuery', () => {
  it('parses a US number whose "+" arrived as a space', () => {
    expect(parsePhoneQuery(' 14155550100')).toEqual({
      raw: '+14155550100',
      isExtension: false,
      e164: '+14155550100',
      countryCallingCode: '1',
      country: 'US',
      nationalNumber: '4155550100',
      national: '(415) 555-0100',
      international: '+1 415 555 0100',
      digits: '14155550100',
      nationalDigits: '4155550100',
      overriding: [],
    });
  });

  it('parses a UK number, keeping the trunk prefix in the national forms', () => {
    expect(parsePhoneQuery('+442079460958')).toEqual({
      raw: '+442079460958',
      isExtension: false,
      e164: '+442079460958',
      countryCallingCode: '44',
      country: 'GB',
      nationalNumber: '2079460958',
      national: '020 7946 0958',
      international: '+44 20 7946 0958',
      digits: '442079460958',
      nationalDigits: '02079460958',
      overriding: [],
    });
  });

  it('canonicalizes E.164 that carries the trunk prefix but keeps the input as raw', () => {
    const query = parsePhoneQuery('+4402079460958');

    expect(query.raw).toBe('+4402079460958');
    expect(query.e164).toBe('+442079460958');
    expect(query.nationalNumber).toBe('2079460958');
  });

  it('keeps leading zeros that belong to the national number (Italy)', () => {
    const query = parsePhoneQuery('+390612345678');

    expect(query.nationalNumber).toBe('0612345678');
    expect(query.digits).toBe('390612345678');
  });

  it('accepts possible but unassigned numbers such as the 555 test range', () => {
    expect(parsePhoneQuery('+15555550100').national).toBe('(555) 555-0100');
  });

  it.each<[string, unknown, InvalidPhoneNumberReason]>([
    ['empty', '', 'missing'],
    ['blank', ' \t\n', 'missing'],
    ['not a string', undefined, 'missing'],
    ['letters', 'call me', 'not-e164'],
    ['letters after a lost "+"', ' 1415555abcd', 'not-e164'],
    ['garbage', '+1415555<script>', 'not-e164'],
    ['no "+" and no leading gap', '14155550100', 'not-e164'],
    ['inner spaces', '+1 415 555 0100', 'not-e164'],
    ['national format', '(415) 555-0100', 'not-e164'],
    ['dashes', '+1-415-555-0100', 'not-e164'],
    ['a leading 0 after "+"', '+04155550100', 'not-e164'],
    ['six digits', '+123456', 'not-e164'],
    ['sixteen digits', '+1234567890123456', 'not-e164'],
    ['two "+"', '++14155550100', 'not-e164'],
    ['full-width digits', '+１４１５５５５０１００', 'not-e164'],
    ['too short for its country', '+1415555010', 'not-possible'],
    ['too long for its country', '+442079460958123', 'not-possible'],
    ['an unassigned country calling code', '+9991234567', 'not-possible'],
  ])('rejects %s', (_label, raw, reason) => {
    expect(reasonOf(() => parsePhoneQuery(raw as string))).toBe(reason);
  });

  it('accepts the shortest and longest E.164 lengths when the country allows them', () => {
    expect(reasonOf(() => parsePhoneQuery('+6799876543'))).toBe('no error');
    expect(reasonOf(() => parsePhoneQuery('+5491123456789'))).toBe('no error');
  });

  it('says why a number is invalid without echoing a huge input', () => {
    const run = () => parsePhoneQuery(` 1${'2'.repeat(5_000)}`);

    expect(run).toThrow(InvalidPhoneNumberError);
    expect(run).toThrow(/^Phone number "\+12{30}…" is not E\.164/);
  });

  it('keeps the parser error as the cause', () => {
    try {
      parsePhoneQuery('+9991234567');
      throw new Error('expected a rejection');
    } catch (error) {
      expect((error as InvalidPhoneNumberError).cause).toBeInstanceOf(Error);
    }
  });

  it('fills the overriding patterns, in the order given', () => {
    const overridingFormat = encodeURIComponent('***-***-****,##-##,(###) ###-####');

    expect(parsePhoneQuery(' 14155550100', { overridingFormat }).overriding).toEqual([
      '415-555-0100',
      '(415) 555-0100',
    ]);
  });

  it('takes overriding patterns as an array from a JSON body', () => {
    const query = parsePhoneQuery('+14155550100', { overridingFormat: ['+1 ### ### ####'] });

    expect(query.overriding).toEqual(['+1 415 555 0100']);
  });

  it('returns a frozen query', () => {
    const query = parsePhoneQuery('+14155550100', { overridingFormat: '(###) ###-####' });

    expect(Object.isFrozen(query)).toBe(true);
    expect(Object.isFrozen(query.overriding)).toBe(true);
  });

  describe('with isExtension', () => {
    it('carries only the trimmed extension', () => {
      const query = parsePhoneQuery(' 101 ', {
        isExtension: true,
        overridingFormat: '###',
      });

      expect(query).toEqual({
        raw: '101',
        isExtension: true,
        extension: '101',
        e164: '',
        countryCallingCode: '',
        country: '',
        nationalNumber: '',
        national: '',
        international: '',
        digits: '',
        nationalDigits: '',
        overriding: [],
      });
    });

    it('accepts up to ten digits', () => {
      expect(parsePhoneQuery('1234567890', { isExtension: true }).extension).toBe('1234567890');
    });

    it.each([
      ['empty', ''],
      ['blank', '  '],
      ['eleven digits', '12345678901'],
      ['letters', '10a'],
      ['a "+"', '+101'],
      ['inner space', '1 01'],
    ])('rejects %s', (_label, raw) => {
      expect(reasonOf(() => parsePhoneQuery(raw, { isExtension: true }))).toBe('bad-extension');
    });
  });
});
