import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { IsIdList, IsIdString, IsText } from '../../common/validation/decorators.js';
import {
  IsNested,
  IsNestedList,
  MessageDto,
  MessagePartyDto,
  NamedPartyDto,
} from './message.dto.js';

const optional = { optional: true };
export const MAX_MESSAGES = 1000;

export class MessageLogInfoDto {
  @IsIdString(64, optional)
  conversationId?: string;

  // Opaque: the group key, never parsed.
  @IsText(128, { optional: true, trim: true })
  conversationLogId?: string;

  @IsText(32, optional)
  type?: string;

  @IsNestedList(() => MessagePartyDto, 100)
  correspondents?: MessagePartyDto[];

  @IsNestedList(() => MessageDto, MAX_MESSAGES, { required: true })
  messages: MessageDto[];

  @IsNested(() => NamedPartyDto)
  owner?: NamedPartyDto;

  @IsNested(() => NamedPartyDto)
  assignee?: NamedPartyDto;
}

export class CreateMessageLogDto {
  @IsDefined({ message: 'logInfo is required' })
  @IsObject({ message: 'logInfo must be an object' })
  @ValidateNested()
  @Type(() => MessageLogInfoDto)
  logInfo: MessageLogInfoDto;

  // Part of group-SMS keys, hence shorter than a call log's.
  @IsIdString(128, optional)
  contactId?: string;

  @IsText(64, optional)
  contactType?: string;

  @IsText(255, optional)
  contactName?: string;

  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  additionalSubmission?: Record<string, unknown>;

  @IsIdList(MAX_MESSAGES, optional)
  selectedMessageIds?: string[];
}
