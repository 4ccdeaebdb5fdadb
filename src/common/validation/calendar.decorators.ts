import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsInt, IsOptional, Matches, Max, Min, ValidateBy } from 'class-validator';

// The App Connect contract's patterns: a real calendar date (29 February only in leap years), and
// a date-time that always carries its offset.
const DATE =
  '(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))';
export const CALENDAR_DATE = new RegExp(`^${DATE}$`);
export const OFFSET_DATE_TIME = new RegExp(
  `^${DATE}T(?:(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d+)?)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$`,
);

const requirement = (optional: boolean) =>
  optional ? IsOptional() : IsDefined({ message: '$property is required' });

const isString = (name: string, message: string) =>
  ValidateBy({
    name,
    validator: { validate: (value) => typeof value === 'string', defaultMessage: () => message },
  });

/** `YYYY-MM-DD`, a date that exists. */
export function IsCalendarDate(options: { optional?: boolean } = {}) {
  const message = '$property must be a date like 2026-07-01';
  return applyDecorators(
    ApiProperty({
      type: 'string',
      format: 'date',
      required: !options.optional,
      pattern: CALENDAR_DATE.source,
    }),
    requirement(options.optional ?? false),
    isString('isCalendarDate', message),
    Matches(CALENDAR_DATE, { message }),
  );
}

/** ISO 8601 with an explicit offset (`Z` or `±hh:mm`): a time never read in a guessed zone. */
export function IsOffsetDateTime(options: { optional?: boolean } = {}) {
  const message =
    '$property must be an ISO 8601 date-time with an offset, like 2026-07-20T15:00:00Z';
  return applyDecorators(
    ApiProperty({
      type: 'string',
      format: 'date-time',
      required: !options.optional,
      pattern: OFFSET_DATE_TIME.source,
    }),
    requirement(options.optional ?? false),
    isString('isOffsetDateTime', message),
    Matches(OFFSET_DATE_TIME, { message }),
  );
}

/** A whole number of minutes, more than zero. */
export function IsMinutes(options: { optional?: boolean } = {}) {
  const message = '$property must be a whole number of minutes, at least 1';
  // IsInt last: its `integer` is what the document states (docs.spec reads the rules in order).
  return applyDecorators(
    ApiProperty({
      type: 'integer',
      required: !options.optional,
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
    }),
    requirement(options.optional ?? false),
    Min(1, { message }),
    Max(Number.MAX_SAFE_INTEGER, { message: '$property is too large' }),
    IsInt({ message }),
  );
}
