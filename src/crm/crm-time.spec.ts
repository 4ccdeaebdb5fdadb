import { dateIn, fromCrmTime, secondIn, toCrmTime } from './crm-time.js';

const AT = new Date('2024-05-01T23:30:45.678Z');

describe('toCrmTime', () => {
  it.each([
    ['iso', '2024-05-01T23:30:45.678Z'],
    ['unixSeconds', 1714606245],
    ['unixMs', 1714606245678],
  ] as const)('writes %s', (format, expected) => {
    expect(toCrmTime(AT, format)).toBe(expected);
  });

  it("writes a date as the day in the user's zone, UTC without one or with an unknown one", () => {
    expect(toCrmTime(AT, 'date', 'Europe/Berlin')).toBe('2024-05-02');
    expect(toCrmTime(AT, 'date', 'America/Los_Angeles')).toBe('2024-05-01');
    expect(toCrmTime(AT, 'date')).toBe('2024-05-01');
    expect(toCrmTime(AT, 'date', null)).toBe('2024-05-01');
    expect(toCrmTime(AT, 'date', 'Mars/Olympus_Mons')).toBe('2024-05-01');
  });

  it('rounds unix seconds down, before 1970 too', () => {
    expect(toCrmTime(new Date(1999), 'unixSeconds')).toBe(1);
    expect(toCrmTime(new Date(-1), 'unixSeconds')).toBe(-1);
  });
});

describe('fromCrmTime', () => {
  it.each([
    ['iso', '2024-05-01T23:30:45.678Z', '2024-05-01T23:30:45.678Z'],
    ['iso with an offset', '2024-05-02T01:30:45+02:00', '2024-05-01T23:30:45.000Z'],
    ['unixSeconds as a number', 1714606245, '2024-05-01T23:30:45.000Z'],
    ['unixSeconds as a string', '1714606245', '2024-05-01T23:30:45.000Z'],
    ['unixMs', 1714606245678, '2024-05-01T23:30:45.678Z'],
    ['unixMs as a string', '1714606245678', '2024-05-01T23:30:45.678Z'],
  ])('reads %s', (label, value, expected) => {
    const format = label.split(' ')[0] as 'iso' | 'unixSeconds' | 'unixMs';
    expect(fromCrmTime(value, format)?.toISOString()).toBe(expected);
  });

  it("reads a date as the start of that day in the user's zone", () => {
    expect(fromCrmTime('2024-05-01', 'date', 'Europe/Berlin')?.toISOString()).toBe(
      '2024-04-30T22:00:00.000Z',
    );
    expect(fromCrmTime('2024-01-15', 'date', 'America/New_York')?.toISOString()).toBe(
      '2024-01-15T05:00:00.000Z',
    );
    expect(fromCrmTime(' 2024-05-01 ', 'date')?.toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(fromCrmTime('2024-05-01', 'date', 'Nowhere/Else')?.toISOString()).toBe(
      '2024-05-01T00:00:00.000Z',
    );
  });

  it('reads a full timestamp given where a date was expected as that instant', () => {
    expect(fromCrmTime('2024-05-01T12:00:00Z', 'date', 'Europe/Berlin')?.toISOString()).toBe(
      '2024-05-01T12:00:00.000Z',
    );
  });

  it.each([
    ['absent', undefined, 'iso'],
    ['null', null, 'unixSeconds'],
    ['empty', '', 'unixMs'],
    ['not a time', 'soon', 'iso'],
    ['not a number', 'soon', 'unixSeconds'],
    ['a number where ISO text is expected', 1714606245, 'iso'],
    ['a number where a date is expected', 20240501, 'date'],
    ['beyond the range of a Date', 1e20, 'unixMs'],
    ['infinite', Infinity, 'unixSeconds'],
    ['an impossible date', '2024-13-45', 'date'],
    ['a day past the end of its month', '2023-02-29', 'date'],
  ] as const)('answers undefined for %s', (_label, value, format) => {
    expect(fromCrmTime(value, format)).toBeUndefined();
  });

  it.each(['iso', 'unixSeconds', 'unixMs'] as const)('reads back what it wrote as %s', (format) => {
    const back = fromCrmTime(toCrmTime(AT, format), format)!;
    expect(back.getTime()).toBe(format === 'unixSeconds' ? 1714606245000 : AT.getTime());
  });
});

describe('dateIn and secondIn', () => {
  it('give the day and the second in the zone, naming the zone used', () => {
    expect(dateIn(AT, 'Asia/Tokyo')).toBe('2024-05-02');
    expect(dateIn(AT)).toBe('2024-05-01');
    expect(secondIn(AT, 'Europe/Berlin')).toBe('2024-05-02 01:30:45 (Europe/Berlin)');
    expect(secondIn(AT, 'Bad/Zone')).toBe('2024-05-01 23:30:45 (UTC)');
    expect(secondIn(new Date('2024-05-01T00:00:00Z'))).toBe('2024-05-01 00:00:00 (UTC)');
  });
});
