import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDate, IsNumber, Max, Min, ValidateIf } from 'class-validator';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function toDate({ value }: { value: unknown }): unknown {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value);
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (/^\d{1,15}$/.test(text)) return new Date(Number(text));
  if (ISO_TIME.test(text)) {
    const parsed = new Date(text);
    return Number.isNaN(parsed.getTime()) ? value : parsed;
  }
  return value;
}

/** A call time: epoch milliseconds (number or numeric string) from the client, or ISO-8601. */
export function IsCallTime() {
  return applyDecorators(
    ApiProperty({
      oneOf: [
        { type: 'number', description: 'epoch milliseconds' },
        { type: 'string', format: 'date-time' },
      ],
    }),
    Transform(toDate),
    IsDate({ message: '$property must be epoch milliseconds or an ISO-8601 time' }),
  );
}

const MAX_DURATION = 31 * 24 * 3600;

export function IsDurationSeconds() {
  return applyDecorators(
    ApiProperty({ type: 'number', minimum: 0, maximum: MAX_DURATION }),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value,
    ),
    IsNumber(
      { allowNaN: false, allowInfinity: false },
      { message: '$property must be a number of seconds' },
    ),
    Min(0, { message: '$property must not be negative' }),
    Max(MAX_DURATION, { message: '$property is too large' }),
  );
}

export function IsCallDuration() {
  return applyDecorators(
    ValidateIf((_object, value: unknown) => value !== 'pending'),
    IsDurationSeconds(),
  );
}
