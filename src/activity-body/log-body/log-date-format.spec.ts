import { DEFAULT_LOG_DATE_FORMAT, formatLogDate } from './log-date-format.js';

// Tuesday 2024-03-05 07:08:09.012 UTC.
const MORNING = new Date('2024-03-05T07:08:09.012Z');

describe('formatLogDate tokens (UTC)', () => {
  it.each([
    ['YYYY', '2024'],
    ['YY', '24'],
    ['MMMM', 'March'],
    ['MMM', 'Mar'],
    ['MM', '03'],
    ['M', '3'],
    ['DD', '05'],
    ['D', '5'],
    ['Do', '5th'],
    ['dddd', 'Tuesday'],
    ['ddd', 'Tue'],
    ['HH', '07'],
    ['H', '7'],
    ['hh', '07'],
    ['h', '7'],
    ['mm', '08'],
    ['m', '8'],
    ['ss', '09'],
    ['s', '9'],
    ['SSS', '012'],
    ['A', 'AM'],
    ['a', 'am'],
    ['Z', '+00:00'],
    ['ZZ', '+0000'],
    ['[YYYY at] HH', 'YYYY at 07'],
    ['DD/MM/YYYY HH:mm', '05/03/2024 07:08'],
    [DEFAULT_LOG_DATE_FORMAT, '2024-03-05 07:08:09 AM'],
  ])('%p → %p', (pattern, expected) => {
    expect(formatLogDate(MORNING, pattern)).toBe(expected);
  });

  it.each([
    ['2024-01-01T00:00:00Z', '12:00 AM | 00 | 1st'],
    ['2024-01-02T11:59:00Z', '11:59 AM | 11 | 2nd'],
    ['2024-01-03T12:00:00Z', '12:00 PM | 12 | 3rd'],
    ['2024-01-11T13:05:00Z', '01:05 PM | 13 | 11th'],
    ['2024-01-22T23:30:00Z', '11:30 PM | 23 | 22nd'],
  ])('12-hour clock and ordinals at %p', (iso, expected) => {
    expect(formatLogDate(new Date(iso), 'hh:mm A | HH | Do')).toBe(expected);
  });
});

describe('formatLogDate time zones', () => {
  const pattern = 'YYYY-MM-DD hh:mm:ss A Z';

  it.each([
    // 09:00 local on either side of the spring-forward change (10 March 2024).
    ['winter (EST)', '2024-01-15T14:00:00Z', '2024-01-15 09:00:00 AM -05:00'],
    ['summer (EDT)', '2024-07-15T13:00:00Z', '2024-07-15 09:00:00 AM -04:00'],
    ['just before spring forward', '2024-03-10T06:59:59Z', '2024-03-10 01:59:59 AM -05:00'],
    ['just after spring forward', '2024-03-10T07:00:00Z', '2024-03-10 03:00:00 AM -04:00'],
    // 01:30 happens twice on 3 November 2024; the offset tells them apart.
    ['first 01:30 of fall back', '2024-11-03T05:30:00Z', '2024-11-03 01:30:00 AM -04:00'],
    ['second 01:30 of fall back', '2024-11-03T06:30:00Z', '2024-11-03 01:30:00 AM -05:00'],
  ])('America/New_York, %s', (_case, iso, expected) => {
    expect(formatLogDate(new Date(iso), pattern, 'America/New_York')).toBe(expected);
  });

  it('renders the same wall clock for 9 AM calls on both sides of a DST change', () => {
    const winter = formatLogDate(new Date('2024-03-08T14:00:00Z'), 'hh:mm A', 'America/New_York');
    const summer = formatLogDate(new Date('2024-03-11T13:00:00Z'), 'hh:mm A', 'America/New_York');
    expect([winter, summer]).toEqual(['09:00 AM', '09:00 AM']);
  });

  it.each([
    ['a half-hour zone', 'Asia/Kolkata', undefined, '2024-03-05 12:38 +05:30'],
    [
      'a zone east of UTC across the date line',
      'Pacific/Auckland',
      undefined,
      '2024-03-05 20:08 +13:00',
    ],
    ['the zone over the offset', 'Europe/Berlin', -300, '2024-03-05 08:08 +01:00'],
    ['a fixed offset without zone', undefined, -300, '2024-03-05 02:08 -05:00'],
    ['a fixed offset for an unknown zone', 'Not/AZone', 90, '2024-03-05 08:38 +01:30'],
    ['UTC with neither', undefined, undefined, '2024-03-05 07:08 +00:00'],
    [
      'UTC for an unknown zone without offset',
      'Mars/Olympus',
      undefined,
      '2024-03-05 07:08 +00:00',
    ],
  ])('uses %s', (_case, zone, offset, expected) => {
    expect(formatLogDate(MORNING, 'YYYY-MM-DD HH:mm Z', zone, offset)).toBe(expected);
  });

  it('keeps a fixed offset fixed (no DST) when there is no zone', () => {
    expect(formatLogDate(new Date('2024-07-15T13:00:00Z'), 'HH:mm', undefined, -300)).toBe('08:00');
  });

  it('rejects an invalid date', () => {
    expect(() => formatLogDate(new Date('nope'), 'YYYY')).toThrow(RangeError);
  });
});
