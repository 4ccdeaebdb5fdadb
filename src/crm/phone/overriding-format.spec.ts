import {
  fillOverridingPattern,
  fillOverridingPatterns,
  parseOverridingFormat,
} from './overriding-format.js';

const US = { countryCallingCode: '1', nationalNumber: '4155550100' };
const UK = { countryCallingCode: '44', nationalNumber: '2079460958' };

describe('parseOverridingFormat', () => {
  it.each<[string, string | string[] | undefined, string[]]>([
    ['absent', undefined, []],
    ['an empty string', '', []],
    ['only commas and spaces', ' , ,, ', []],
    [
      'the client value, encoded once',
      encodeURIComponent('(###) ###-####,+1 ### ### ####,***-***-****'),
      ['(###) ###-####', '+1 ### ### ####', '***-***-****'],
    ],
    [
      'a value Express already decoded',
      '(###) ###-####, +1 ### ### #### ,',
      ['(###) ###-####', '+1 ### ### ####'],
    ],
    ['an encoded plus, which stays a plus', '%2B1%20###%20###%20####', ['+1 ### ### ####']],
    ['a literal plus, which stays a plus', '+1 ### ### ####', ['+1 ### ### ####']],
    ['a malformed escape, kept as received', '##%E0%A4%A,###', ['##%E0%A4%A', '###']],
    ['more than three patterns: the first three', 'a,b,,c,d', ['a', 'b', 'c']],
    [
      'an array from a JSON body',
      ['(###) ###-####', ' ', ' ###.###.#### '],
      ['(###) ###-####', '###.###.####'],
    ],
    ['an array of more than three', ['a', 'b', 'c', 'd'], ['a', 'b', 'c']],
  ])('%s', (_label, value, expected) => {
    expect(parseOverridingFormat(value)).toEqual(expected);
  });

  it('skips non-string array items that slipped past validation', () => {
    const items = ['###', 42, null, '##'] as unknown as string[];

    expect(parseOverridingFormat(items)).toEqual(['###', '##']);
  });
});

describe('fillOverridingPattern', () => {
  it.each<[string, typeof US, string | undefined]>([
    ['(###) ###-####', US, '(415) 555-0100'],
    ['+1 ### ### ####', US, '+1 415 555 0100'],
    ['***-***-****', US, '415-555-0100'],
    ['###.###.####', US, '415.555.0100'],
    ['###/###-####', US, '415/555-0100'],
    ['#*#*#*#*#*', US, '4155550100'],
    ['1 (###) ###-####', US, '1 (415) 555-0100'],
    ['0## #### ####', UK, '020 7946 0958'],
    ['+44 (0)## #### ####', UK, '+44 (0)20 7946 0958'],
    ['##-##', US, undefined],
    ['(###) ###-#####', US, undefined],
    ['<###> ###-####', US, undefined],
    ['ext ###-###-####', US, undefined],
    ['###\t###\t####', US, undefined],
    ['(###) ###-####,', US, undefined],
    ['5555550100', US, undefined],
    ['+44 ### ### ####', US, undefined],
    ['+1 ### ### ####', UK, undefined],
    [`${'-'.repeat(30)}##########`, US, `${'-'.repeat(30)}4155550100`],
    [`${'-'.repeat(31)}##########`, US, undefined],
  ])('%j with %j', (pattern, number, expected) => {
    expect(fillOverridingPattern(pattern, number)).toBe(expected);
  });
});

describe('fillOverridingPatterns', () => {
  it('keeps the patterns that apply, in order, once each', () => {
    const patterns = ['***-***-****', '##-##', '(###) ###-####', '###-###-####'];

    expect(fillOverridingPatterns(patterns, US)).toEqual(['415-555-0100', '(415) 555-0100']);
  });
});
