import { IsObject, IsOptional } from 'class-validator';
import { IsIdString, IsSessionId } from '../../common/validation/decorators.js';

export class UpsertCallDispositionDto {
  @IsSessionId()
  sessionId: string;

  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  dispositions?: Record<string, unknown>;

  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  additionalSubmission?: Record<string, unknown>;

  @IsIdString(32, { optional: true })
  extensionNumber?: string;

  /** Officially a string or a number (or null), like extensionNumber. */
  @IsIdString(128, { optional: true })
  hashedExtensionId?: string;
}
