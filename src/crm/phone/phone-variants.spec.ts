import { parsePhoneQuery } from './phone-query.js';
import {
  DEFAULT_PHONE_VARIANTS,
  phoneVariantEntries,
  phoneVariants,
  type PhoneVariantKind,
} from './phone-variants.js';

describe('phoneVariants', () => {
  it.each([
    [
      'US',
      '+14155550100',
      [
        '+14155550100',
        '(415) 555-0100',
        '+1 415 555 0100',
        '4155550100',
        '14155550100',
        '+1-415-555-0100',
        '415.555.0100',
      ],
    ],
    [
      'UK',
      '+442079460958',
      [
        '+442079460958',
        '020 7946 0958',
        '+44 20 7946 0958',
        '02079460958',
        '442079460958',
        '+44-20-7946-0958',
        '20.7946.0958',
      ],
    ],
    [
      'Germany',
      '+4930123456',
      [
        '+4930123456',
        '030 123456',
        '+49 30 123456',
        '030123456',
        '4930123456',
        '+49-30-123456',
        '30.123456',
      ],
    ],
    [
      'Brazil',
      '+5511987654321',
      [
        '+5511987654321',
        '(11) 98765-4321',
        '+55 11 98765 4321',
        '11987654321',
        '5511987654321',
        '+55-11-98765-4321',
        '11.98765.4321',
      ],
    ],
  ])('lists every form of a %s number, most specific first', (_country, e164, expected) => {
    expect(phoneVariants(parsePhoneQuery(e164))).toEqual(expected);
  });

  it('places the filled overriding patterns after E.164, without repeating a form', () => {
    const query = parsePhoneQuery('+14155550100', {
      overridingFormat: '***-***-****,(###) ###-####',
    });

    expect(phoneVariants(query)).toEqual([
      '+14155550100',
      '415-555-0100',
      '(415) 555-0100',
      '+1 415 555 0100',
      '4155550100',
      '14155550100',
      '+1-415-555-0100',
      '415.555.0100',
    ]);
  });

  it('follows the order of the kinds asked for', () => {
    const query = parsePhoneQuery('+442079460958');

    expect(phoneVariants(query, ['digits', 'dotted', 'e164'])).toEqual([
      '442079460958',
      '20.7946.0958',
      '+442079460958',
    ]);
  });

  it('lists every kind by default, in the documented order', () => {
    expect(DEFAULT_PHONE_VARIANTS).toEqual([
      'e164',
      'overriding',
      'national',
      'international',
      'nationalDigits',
      'digits',
      'dashed',
      'dotted',
    ]);
  });

  it('has no variants for an extension', () => {
    expect(phoneVariants(parsePhoneQuery('101', { isExtension: true }))).toEqual([]);
  });

  it('has no variants for any query flagged as an extension', () => {
    const query = { ...parsePhoneQuery('+14155550100'), isExtension: true, extension: '100' };

    expect(phoneVariants(query)).toEqual([]);
  });

  it('rejects an unknown kind, for kinds read from JSON', () => {
    const query = parsePhoneQuery('+14155550100');

    expect(() => phoneVariants(query, ['e164', 'fax' as PhoneVariantKind])).toThrow(
      'Unknown phone variant kind "fax"',
    );
  });
});

describe('phoneVariantEntries', () => {
  it('tags each string with the first kind that produced it', () => {
    const query = parsePhoneQuery('+14155550100', { overridingFormat: '(###) ###-####' });

    expect(
      phoneVariantEntries(query, ['national', 'overriding', 'nationalDigits', 'dotted']),
    ).toEqual([
      { kind: 'national', value: '(415) 555-0100' },
      { kind: 'nationalDigits', value: '4155550100' },
      { kind: 'dotted', value: '415.555.0100' },
    ]);
  });
});
