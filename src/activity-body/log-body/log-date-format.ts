export const DEFAULT_LOG_DATE_FORMAT = 'YYYY-MM-DD hh:mm:ss A';

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  weekday: number;
  offsetMinutes: number;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

// Longest alternatives first, so `YYYY` wins over `YY` and `MMMM` over `MM`.
const TOKEN =
  /\[([^\]]*)\]|YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|dddd|ddd|HH|H|hh|h|mm|m|ss|s|SSS|A|a|ZZ|Z/g;

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      formatter = null;
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function fromUtcFields(shifted: Date, offsetMinutes: number): WallClock {
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
    weekday: shifted.getUTCDay(),
    offsetMinutes,
  };
}

function wallClock(instant: Date, timeZone?: string, utcOffsetMinutes?: number): WallClock {
  const time = instant.getTime();
  const formatter = timeZone ? zoneFormatter(timeZone) : null;
  if (formatter) {
    const parts: Record<string, number> = {};
    for (const part of formatter.formatToParts(instant)) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const millisecond = ((time % 1000) + 1000) % 1000;
    const asUtc = Date.UTC(
      parts.year ?? 1970,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
      parts.second ?? 0,
      millisecond,
    );
    // The zone's offset at this very instant, so DST is whatever applied when the call happened.
    const offsetMinutes = Math.round((asUtc - time) / 60_000);
    return fromUtcFields(new Date(asUtc), offsetMinutes);
  }
  const offset = Number.isFinite(utcOffsetMinutes) ? Math.round(utcOffsetMinutes as number) : 0;
  return fromUtcFields(new Date(time + offset * 60_000), offset);
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

function ordinal(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  return `${day}${['th', 'st', 'nd', 'rd'][day % 10] ?? 'th'}`;
}

function offset(minutes: number, separator: string): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${separator}${pad(abs % 60)}`;
}

function renderToken(token: string, clock: WallClock): string {
  const hour12 = clock.hour % 12 === 0 ? 12 : clock.hour % 12;
  switch (token) {
    case 'YYYY':
      return pad(clock.year, 4);
    case 'YY':
      return pad(clock.year % 100);
    case 'MMMM':
      return MONTHS[clock.month - 1] ?? '';
    case 'MMM':
      return (MONTHS[clock.month - 1] ?? '').slice(0, 3);
    case 'MM':
      return pad(clock.month);
    case 'M':
      return String(clock.month);
    case 'Do':
      return ordinal(clock.day);
    case 'DD':
      return pad(clock.day);
    case 'D':
      return String(clock.day);
    case 'dddd':
      return WEEKDAYS[clock.weekday] ?? '';
    case 'ddd':
      return (WEEKDAYS[clock.weekday] ?? '').slice(0, 3);
    case 'HH':
      return pad(clock.hour);
    case 'H':
      return String(clock.hour);
    case 'hh':
      return pad(hour12);
    case 'h':
      return String(hour12);
    case 'mm':
      return pad(clock.minute);
    case 'm':
      return String(clock.minute);
    case 'ss':
      return pad(clock.second);
    case 's':
      return String(clock.second);
    case 'SSS':
      return pad(clock.millisecond, 3);
    case 'A':
      return clock.hour < 12 ? 'AM' : 'PM';
    case 'a':
      return clock.hour < 12 ? 'am' : 'pm';
    case 'ZZ':
      return offset(clock.offsetMinutes, '');
    case 'Z':
      return offset(clock.offsetMinutes, ':');
    default:
      return token;
  }
}

/** Formats with moment-style tokens in `timeZone`, else at the offset, else in UTC. */
export function formatLogDate(
  instant: Date,
  pattern: string,
  timeZone?: string,
  utcOffsetMinutes?: number,
): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid date');
  const clock = wallClock(instant, timeZone, utcOffsetMinutes);
  return pattern.replace(TOKEN, (token: string, literal: string | undefined) =>
    literal !== undefined ? literal : renderToken(token, clock),
  );
}
