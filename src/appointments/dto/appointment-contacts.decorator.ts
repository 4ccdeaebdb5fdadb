import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, ValidateBy } from 'class-validator';

/** As the client sends a contact to link: its id, or `{id, type | contactType}`. */
export type AppointmentContactInput =
  string | number | { id: string | number; type?: string; contactType?: string };

const MAX_CONTACTS = 50;
const POSITIVE_ID = /^[1-9]\d{0,19}$/;
const TYPE_MAX = 64;

const isPositiveId = (value: unknown) =>
  (typeof value === 'string' && POSITIVE_ID.test(value)) ||
  (typeof value === 'number' && Number.isSafeInteger(value) && value > 0);

const isTypeName = (value: unknown) =>
  value === undefined || (typeof value === 'string' && value.length <= TYPE_MAX);

function isContactReference(value: unknown): boolean {
  if (isPositiveId(value)) return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { id, type, contactType, ...rest } = value as Record<string, unknown>;
  return (
    Object.keys(rest).length === 0 &&
    isPositiveId(id) &&
    isTypeName(type) &&
    isTypeName(contactType)
  );
}

const ID_SCHEMA = {
  oneOf: [
    { type: 'string', pattern: POSITIVE_ID.source },
    { type: 'integer', minimum: 1 },
  ],
};

/** The CRM contacts to link to an appointment (the contract's AppointmentContactReference). */
export function IsAppointmentContacts() {
  return applyDecorators(
    ApiProperty({
      type: 'array',
      required: false,
      maxItems: MAX_CONTACTS,
      items: {
        oneOf: [
          ...ID_SCHEMA.oneOf,
          {
            type: 'object',
            required: ['id'],
            additionalProperties: false,
            properties: {
              id: ID_SCHEMA,
              type: { type: 'string', maxLength: TYPE_MAX },
              contactType: { type: 'string', maxLength: TYPE_MAX },
            },
          },
        ],
      },
    }),
    IsOptional(),
    IsArray({ message: '$property must be an array' }),
    ArrayMaxSize(MAX_CONTACTS, { message: `$property must have at most ${MAX_CONTACTS} entries` }),
    ValidateBy(
      {
        name: 'isAppointmentContact',
        validator: {
          validate: isContactReference,
          defaultMessage: () =>
            '$property must hold positive contact ids, or {id, type} objects with a positive id',
        },
      },
      { each: true },
    ),
  );
}
