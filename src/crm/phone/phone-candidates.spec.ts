import { keepPhoneMatches, matchingPhone, phoneMatches } from './phone-candidates.js';
import { parsePhoneQuery } from './phone-query.js';

const berlin = parsePhoneQuery('+49301234567');
const london = parsePhoneQuery('+442079460018');

describe('phoneMatches', () => {
  it.each([
    ['a national format read in the record country', '030 1234567', berlin, 'DE'],
    ['a lower-case, padded record country', '030 1234567', berlin, ' de '],
    ["a national format read in the queried number's country", '030 1234567', berlin, undefined],
    ['the 00 international prefix', '0049 30 1234567', berlin, 'GB'],
    ['the country code without a + (as libphonenumber reads it)', '49301234567', berlin, 'DE'],
    ['+44 (0)', '+44 (0)20 7946 0018', london, 'GB'],
    ['an extension, ignored', '+49 30 1234567 x12', berlin, 'DE'],
    ['a stored number as a JSON number', 49301234567, parsePhoneQuery('+49301234567'), undefined],
  ])('matches %s', (_label, stored, query, country) => {
    expect(phoneMatches(stored, query, country)).toBe(true);
  });

  it.each([
    ['a longer number containing the national digits', '+1 (301) 234-5678', berlin, 'US'],
    ['the same national digits read in another country', '030 1234567', berlin, 'GB'],
    ['an empty phone', '', berlin, 'DE'],
    ['a blank phone', '   ', berlin, 'DE'],
    ['text that is no number', 'call reception', berlin, 'DE'],
    ['null', null, berlin, 'DE'],
    ['an object', { value: '030 1234567' }, berlin, 'DE'],
  ])('does not match %s', (_label, stored, query, country) => {
    expect(phoneMatches(stored, query, country)).toBe(false);
  });

  it("falls back to the queried number's country for a country that is not a code", () => {
    expect(phoneMatches('030 1234567', berlin, 'Germany')).toBe(true);
    expect(phoneMatches('030 1234567', berlin, 42)).toBe(true);
  });

  it('never matches an extension query', () => {
    const extension = parsePhoneQuery('101', { isExtension: true });
    expect(phoneMatches('101', extension)).toBe(false);
  });
});

describe('matchingPhone and keepPhoneMatches', () => {
  const people = [
    { name: 'Michael', country: 'US', phones: ['+1 (301) 234-5678'] },
    { name: 'Anna', country: 'DE', phones: ['', '030 1234567'] },
    { name: 'Nobody', country: 'DE', phones: [] as string[] },
    { name: 'Anna again', country: 'DE', phones: ['+49 30 1234567'] },
  ];

  it('keeps the candidates with the number among their phones, in order', () => {
    const kept = keepPhoneMatches(
      people,
      (p) => p.phones,
      berlin,
      (p) => p.country,
    );
    expect(kept.map((p) => p.name)).toEqual(['Anna', 'Anna again']);
  });

  it("reads national formats in the queried number's country without a countryOf", () => {
    const usQuery = parsePhoneQuery('+13012345678');
    expect(keepPhoneMatches(people, (p) => p.phones, usQuery).map((p) => p.name)).toEqual([
      'Michael',
    ]);
    expect(keepPhoneMatches(people, (p) => p.phones, london)).toEqual([]);
  });

  it('finds the first item whose phone is the number', () => {
    const phones = [{ v: '0171 2345678' }, { v: '030 1234567' }, { v: '030 1234567 x2' }];
    expect(matchingPhone(phones, (p) => p.v, berlin, 'DE')).toBe(phones[1]);
    expect(matchingPhone(phones, (p) => p.v, london, 'GB')).toBeUndefined();
  });
});
