import { IsIn, IsObject, IsOptional } from 'class-validator';
import { IsCallTime, IsDurationSeconds } from '../../common/validation/call-time.decorator.js';
import { IsIdString, IsSessionId, IsText } from '../../common/validation/decorators.js';
import { CallLegDto, CallPartyDto, IsCallLegs, IsCallParty } from './call-party.dto.js';
import { CallLogExtrasDto } from './call-log-extras.js';

const optional = { optional: true };

/** PATCH /callLog: an absent key leaves its section alone; `recordingDownloadLink` (a token) is stripped. */
export class UpdateCallLogDto extends CallLogExtrasDto {
  @IsSessionId()
  sessionId: string;

  @IsText(1000, optional)
  subject?: string;

  @IsOptional()
  @IsCallTime()
  startTime?: Date;

  @IsOptional()
  @IsDurationSeconds()
  duration?: number;

  @IsText(255, optional)
  result?: string;

  @IsOptional()
  @IsIn(['Inbound', 'Outbound'], { message: '$property must be Inbound or Outbound' })
  direction?: 'Inbound' | 'Outbound';

  @IsCallParty() from?: CallPartyDto;
  @IsCallParty() to?: CallPartyDto;
  @IsCallLegs() legs?: CallLegDto[];

  @IsText(2048, optional) recordingLink?: string;

  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  additionalSubmission?: Record<string, unknown>;

  @IsIdString(32, optional)
  extensionNumber?: string;

  @IsText(128, optional)
  hashedExtensionId?: string;

  @IsIdString(32, optional)
  rcExtensionId?: string;
}
