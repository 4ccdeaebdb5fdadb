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
/** One message's text (SMS, pager or fax cover text). */
export const MESSAGE_TEXT_MAX = 64 * 1024;

/** A correspondent, sender or recipient; only the name and number are shown. */
export class MessagePartyDto {
  @IsText(64, optional)
  phoneNumber?: string;

  @IsIdString(32, optional)
  extensionNumber?: string;

  @IsText(255, optional)
  name?: string;
}

/** Only `link` is ever shown; `uri` and download URLs need (or carry) a RingCentral token. */
export class MessageAttachmentDto {
  @IsText(64, optional)
  type?: string;

  @IsText(128, optional)
  contentType?: string;

  @IsText(2048, optional)
  link?: string;
}

/** A named party of a shared inbox: owner, assignee, or the author of an outbound message. */
export class NamedPartyDto {
  @IsText(255, optional)
  name?: string;
}

/** A nested object of `cls`, optional. */
export function IsNested(cls: () => new () => object) {
  return applyDecorators(
    IsOptional(),
    IsObject({ message: '$property must be an object' }),
    ValidateNested(),
    Type(cls),
  );
}

/** A list of nested objects of `cls`, at most `max` of them; optional unless `required`. */
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

/** A RingCentral message id: part of the stored key (`<id>-<contactId>` for group SMS), so no dashes. */
export function IsMessageId() {
  return applyDecorators(
    IsIdString(64, { required: true }),
    ApiProperty({ pattern: MESSAGE_ID.source }),
    Matches(MESSAGE_ID, { message: '$property must be letters, digits, _ . or :' }),
  );
}

/** One RingCentral message of the conversation (`logInfo.messages[]`). */
export class MessageDto {
  @IsMessageId()
  id: string;

  @IsText(32, optional)
  type?: string;

  /** Optional, as officially; inferred from `from` when absent (see planMessageLog). */
  @IsOptional()
  @IsIn(['Inbound', 'Outbound'], { message: '$property must be Inbound or Outbound' })
  direction?: 'Inbound' | 'Outbound';

  /** The message text. */
  @IsText(MESSAGE_TEXT_MAX, optional)
  subject?: string;

  /** Optional, as officially; the time the server received the log when absent. */
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
