import { IsObject, IsOptional } from 'class-validator';
import { IsIdString, IsSessionId } from '../../common/validation/decorators.js';

/** PUT /callDisposition (docs/client-contract.md, Call logs). */
export class UpsertCallDispositionDto {
  @IsSessionId()
  sessionId: string;

  /** The call-log form's values, by field const. */
  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  dispositions?: Record<string, unknown>;

  /** RingCentral-derived values; only declared field consts are used. */
  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  additionalSubmission?: Record<string, unknown>;

  @IsIdString(32, { optional: true })
  extensionNumber?: string;

  /** Officially a string or a number (or null), like extensionNumber. */
  @IsIdString(128, { optional: true })
  hashedExtensionId?: string;
}
