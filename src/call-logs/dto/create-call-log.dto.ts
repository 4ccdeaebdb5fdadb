import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { IsCallDuration, IsCallTime } from '../../common/validation/call-time.decorator.js';
import { IsIdString, IsSessionId, IsText } from '../../common/validation/decorators.js';
import { CallLegDto, CallPartyDto, IsCallLegs, IsCallParty } from './call-party.dto.js';
import { CallLogExtrasDto } from './call-log-extras.js';

const optional = { optional: true };

export class RecordingDto {
  // `downloadUrl` carries a RingCentral token: stripped as unknown.
  @IsText(2048, optional)
  link?: string;
}

export class CallLogInfoDto {
  @IsSessionId()
  sessionId: string;

  @IsIdString(128, optional)
  telephonySessionId?: string;

  @IsIdString(128, optional)
  id?: string;

  @IsOptional()
  @IsIn(['Inbound', 'Outbound'], { message: '$property must be Inbound or Outbound' })
  direction?: 'Inbound' | 'Outbound';

  @IsOptional()
  @IsCallTime()
  startTime?: Date;

  @IsOptional()
  @IsCallDuration()
  duration?: number | 'pending';

  @IsText(255, optional)
  result?: string;

  @IsText(1000, optional)
  customSubject?: string;

  @IsCallParty()
  from?: CallPartyDto;

  @IsCallParty()
  to?: CallPartyDto;

  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => RecordingDto)
  recording?: RecordingDto;

  @IsCallLegs()
  legs?: CallLegDto[];
}

/** POST /callLog (docs/client-contract.md, Call logs). */
export class CreateCallLogDto extends CallLogExtrasDto {
  @IsDefined({ message: 'logInfo is required' })
  @IsObject({ message: 'logInfo must be an object' })
  @ValidateNested()
  @Type(() => CallLogInfoDto)
  logInfo: CallLogInfoDto;

  @IsIdString(255, optional)
  contactId?: string;

  @IsText(64, optional)
  contactType?: string;

  @IsText(255, optional)
  contactName?: string;

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
