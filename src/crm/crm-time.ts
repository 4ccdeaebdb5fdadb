/** How a CRM writes a point in time; a calendar date is read and written in the user's zone. */
export type CrmTimeFormat = 'iso' | 'unixSeconds' | 'unixMs' | 'date';

/** A time as the CRM wants it; a date in `timezone` (UTC when absent or unknown). */
export function toCrmTime(
  time: Date,
  format: CrmTimeFormat,
  timezone?: string | null,
): string | number {
  switch (format) {
    case 'iso':
      return time.toISOString();
    case 'unixSeconds':
      return Math.floor(time.getTime() / 1000);
    case 'unixMs':
      return time.getTime();
    case 'date':
      return dateIn(time, timezone);
  }
}

/** A time the CRM answered with (undefined if unreadable); a date is its day's start. */
export function fromCrmTime(
  value: unknown,
  format: CrmTimeFormat,
  timezone?: string | null,
): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  let time: number;
  switch (format) {
    case 'unixSeconds':
      time = number * 1000;
      break;
    case 'unixMs':
      time = number;
      break;
    case 'iso':
      time = typeof value === 'string' ? Date.parse(value) : NaN;
      break;
    case 'date':
      time = typeof value === 'string' ? startOfDay(value, timezone) : NaN;
      break;
  }
  if (!Number.isFinite(time)) return undefined;
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function dateIn(time: Date, timezone?: string | null): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: validZone(timezone),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(time);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function secondIn(time: Date, timezone?: string | null): string {
  const text = new Intl.DateTimeFormat('sv-SE', {
    timeZone: validZone(timezone),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(time);
  return `${text} (${validZone(timezone)})`;
}

function startOfDay(text: string, timezone?: string | null): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return Date.parse(text);
  const utc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // The zone's offset at that moment, applied once (exact except across a change at midnight).
  const shown = new Date(new Date(utc).toLocaleString('en-US', { timeZone: validZone(timezone) }));
  const asUtc = new Date(new Date(utc).toLocaleString('en-US', { timeZone: 'UTC' }));
  return utc - (shown.getTime() - asUtc.getTime());
}

function validZone(timezone?: string | null): string {
  if (!timezone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return timezone;
  } catch {
    return 'UTC';
  }
}
