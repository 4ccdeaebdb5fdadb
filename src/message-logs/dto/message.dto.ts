import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsCallTime } from '../../common/validation/call-time.decorator.js';
import { IsIdString, IsText } from '../../common/validation/decorators.js';

const optional = { optional: true };
export const MESSAGE_TEXT_MAX = 64 * 1024;

export class MessagePartyDto {
  @IsText(64, optional)
  phoneNumber?: string;

  @IsIdString(32, optional)
  extensionNumber?: string;

  @IsText(255, optional)
  name?: string;
}

/** Only `link` is read: `uri` and download URLs need or carry a RingCentral token. */
export class MessageAttachmentDto {
  @IsText(64, optional)
  type?: string;

  @IsText(128, optional)
  contentType?: string;

  @IsText(2048, optional)
  link?: string;
}

export class NamedPartyDto {
  @IsText(255, optional)
  name?: string;
}

export function IsNested(cls: () => new () => object) {
  return applyDecorators(
    IsOptional(),
    IsObject({ message: '$property must be an object' }),
    ValidateNested(),
    Type(cls),
  );
}

export function IsNestedList(
  cls: () => new () => object,
  max: number,
  options: { required?: boolean } = {},
) {
  return applyDecorators(
    ApiProperty({
      type: () => cls(),
      isArray: true,
      required: options.required === true,
      maxItems: max,
    }),
    options.required ? IsDefined({ message: '$property is required' }) : IsOptional(),
    IsArray({ message: '$property must be an array' }),
    ArrayMaxSize(max, { message: `$property must have at most ${max} entries` }),
    ValidateNested({ each: true, message: '$property must hold objects' }),
    Type(cls),
  );
}

const MESSAGE_ID = /^[A-Za-z0-9_.:]+$/;

// Part of the stored key (`<id>-<contactId>` for group SMS), so no dashes.
export function IsMessageId() {
  return applyDecorators(
    IsIdString(64, { required: true }),
    ApiProperty({ pattern: MESSAGE_ID.source }),
    Matches(MESSAGE_ID, { message: '$property must be letters, digits, _ . or :' }),
  );
}

export class MessageDto {
  @IsMessageId()
  id: string;

  @IsText(32, optional)
  type?: string;

  @IsOptional()
  @IsIn(['Inbound', 'Outbound'], { message: '$property must be Inbound or Outbound' })
  direction?: 'Inbound' | 'Outbound';

  @IsText(MESSAGE_TEXT_MAX, optional)
  subject?: string;

  @IsOptional()
  @IsCallTime()
  creationTime?: Date;

  @IsNested(() => MessagePartyDto)
  from?: MessagePartyDto;

  @IsNestedList(() => MessagePartyDto, 100)
  to?: MessagePartyDto[];

  @IsNested(() => NamedPartyDto)
  author?: NamedPartyDto;

  @IsNestedList(() => MessageAttachmentDto, 50)
  attachments?: MessageAttachmentDto[];
}
