import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  NotEquals,
  ValidateBy,
} from 'class-validator';

// Each rule below also states its schema for /docs-json (ApiProperty): the @nestjs/swagger plugin
// reads only class-validator decorators written on the property itself, not through these.
const toStringIfNumber = ({ value }: { value: unknown }) =>
  typeof value === 'number' && Number.isFinite(value) ? String(value) : value;

const E164 = /^\+[1-9]\d{6,14}$/;
const SESSION_ID = /^[A-Za-z0-9._:-]+$/;

export function IsE164Phone() {
  return applyDecorators(
    ApiProperty({ type: 'string', required: true, pattern: E164.source }),
    IsDefined({ message: '$property is required' }),
    IsString({ message: '$property must be a string' }),
    Matches(E164, {
      message: '$property must be an E.164 number like +14155550100',
    }),
  );
}

export function IsSessionId() {
  return applyDecorators(
    ApiProperty({
      type: 'string',
      required: true,
      minLength: 1,
      maxLength: 64,
      pattern: SESSION_ID.source,
    }),
    IsDefined({ message: '$property is required' }),
    Transform(toStringIfNumber),
    IsString({ message: '$property must be a string or number' }),
    IsNotEmpty({ message: '$property is required' }),
    NotEquals('0', { message: '$property must not be 0' }),
    MaxLength(64, { message: '$property must be at most 64 characters' }),
    Matches(SESSION_ID, { message: '$property has invalid characters' }),
  );
}

/** An id the client may send as a number or a string; always a string afterwards. */
export function IsIdString(
  maxLength = 255,
  options: { optional?: boolean; required?: boolean } = {},
) {
  return applyDecorators(
    ApiProperty({
      type: 'string',
      required: !options.optional,
      ...(options.required ? { minLength: 1 } : {}),
      maxLength,
    }),
    ...(options.optional ? [IsOptional()] : [IsDefined({ message: '$property is required' })]),
    Transform(toStringIfNumber),
    IsString({ message: '$property must be a string or number' }),
    ...(options.required ? [IsNotEmpty({ message: '$property is required' })] : []),
    MaxLength(maxLength, { message: `$property must be at most ${maxLength} characters` }),
  );
}

export function IsIdList(
  maxItems: number,
  options: { optional?: boolean; maxLength?: number } = {},
) {
  const maxLength = options.maxLength ?? 64;
  return applyDecorators(
    ApiProperty({
      type: 'array',
      required: !options.optional,
      maxItems,
      items: { type: 'string', maxLength },
    }),
    ...(options.optional ? [IsOptional()] : [IsDefined({ message: '$property is required' })]),
    Transform(({ value }: { value: unknown }) =>
      Array.isArray(value) ? value.map((item) => toStringIfNumber({ value: item })) : value,
    ),
    IsArray({ message: '$property must be an array' }),
    ArrayMaxSize(maxItems, { message: `$property must have at most ${maxItems} entries` }),
    IsString({ each: true, message: '$property must hold strings or numbers' }),
    MaxLength(maxLength, {
      each: true,
      message: `$property entries must be at most ${maxLength} characters`,
    }),
  );
}

/** An optional query boolean: only the text "true" is true (docs/client-contract.md, Conventions). */
export function IsQueryBoolean() {
  return applyDecorators(
    ApiProperty({ type: 'boolean', required: false }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) => value === 'true' || value === true),
    IsBoolean(),
  );
}

export interface TextOptions {
  optional?: boolean;
  required?: boolean;
  trim?: boolean;
}

/** A string of at most `maxLength`; the type is checked first, so a wrong type is named as such. */
export function IsText(maxLength: number, options: TextOptions = {}) {
  const decorators: PropertyDecorator[] = [
    ApiProperty({
      type: 'string',
      required: !options.optional,
      ...(options.required ? { minLength: 1 } : {}),
      maxLength,
    }),
  ];
  if (options.optional) decorators.push(IsOptional());
  if (options.trim) {
    decorators.push(
      Transform(({ value }: { value: unknown }) =>
        typeof value === 'string' ? value.trim() : value,
      ),
    );
  }
  if (!options.optional) decorators.push(IsDefined({ message: '$property is required' }));
  decorators.push(IsString({ message: '$property must be a string' }));
  if (options.required) decorators.push(IsNotEmpty({ message: '$property is required' }));
  decorators.push(
    MaxLength(maxLength, { message: `$property must be at most ${maxLength} characters` }),
  );
  return applyDecorators(...decorators);
}

/** A value that only feeds a log body: any JSON, at most `maxBytes` once serialised. */
export function IsLogValue(maxBytes: number) {
  return applyDecorators(
    IsOptional(),
    ValidateBy({
      name: 'isLogValue',
      validator: {
        validate: (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '') <= maxBytes,
        defaultMessage: () => `$property must be at most ${maxBytes} bytes`,
      },
    }),
  );
}
