import { IsIn, IsObject, IsOptional } from 'class-validator';
import { IsCallTime, IsDurationSeconds } from '../../common/validation/call-time.decorator.js';
import { IsIdString, IsLogValue, IsSessionId, IsText } from '../../common/validation/decorators.js';
import { CallLegDto, CallPartyDto, IsCallLegs, IsCallParty } from './call-party.dto.js';
import { LOG_TEXT_MAX } from './create-call-log.dto.js';

const optional = { optional: true };

/**
 * PATCH /callLog (docs/client-contract.md, Call logs): flat, every field optional but the session id; an absent key
 * leaves its section alone. `recordingDownloadLink` carries a RingCentral token and is stripped.
 */
export class UpdateCallLogDto {
  @IsSessionId()
  sessionId: string;

  @IsText(1000, optional)
  subject?: string;

  @IsText(LOG_TEXT_MAX, optional)
  note?: string;

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
  @IsText(2048, optional) voicemailLink?: string;
  @IsText(LOG_TEXT_MAX, optional) aiNote?: string;
  @IsText(LOG_TEXT_MAX, optional) transcript?: string;
  @IsText(LOG_TEXT_MAX, optional) ringSenseTranscript?: string;
  @IsText(LOG_TEXT_MAX, optional) ringSenseSummary?: string;
  @IsLogValue(64 * 1024) ringSenseAIScore?: unknown;
  @IsText(LOG_TEXT_MAX, optional) ringSenseBulletedSummary?: string;
  @IsText(2048, optional) ringSenseLink?: string;

  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  additionalSubmission?: Record<string, unknown>;

  @IsIdString(32, optional)
  extensionNumber?: string;

  @IsText(128, optional)
  hashedExtensionId?: string;

  /** Server-side logging's raw extension id: hashed into the key, as on POST. */
  @IsIdString(32, optional)
  rcExtensionId?: string;
}
