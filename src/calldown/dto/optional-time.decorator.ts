import { applyDecorators } from '@nestjs/common';
import { IsOptional, MaxDate, MinDate } from 'class-validator';
import { IsCallTime } from '../../common/validation/call-time.decorator.js';

// Every database stores these (MySQL's DATETIME ends at year 9999).
const EARLIEST = new Date('1970-01-01T00:00:00Z');
const LATEST = new Date('9999-12-31T23:59:59Z');

/** An optional time that `null` clears: epoch milliseconds or ISO-8601. */
export function IsOptionalTime() {
  return applyDecorators(
    IsOptional(),
    IsCallTime(),
    MinDate(EARLIEST, { message: '$property must not be before 1970' }),
    MaxDate(LATEST, { message: '$property must not be after 9999' }),
  );
}
