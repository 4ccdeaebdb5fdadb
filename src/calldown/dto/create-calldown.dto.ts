import { IsIdString, IsText } from '../../common/validation/decorators.js';
import { IsOptionalTime } from './optional-time.decorator.js';

const optional = { optional: true };

/**
 * POST /calldown (docs/client-contract.md, Call-down lists); also the fields PATCH may change,
 * where `null` clears one.
 */
export class CreateCalldownDto {
  @IsIdString(255, optional)
  contactId?: string | null;

  @IsText(64, optional)
  contactType?: string | null;

  @IsText(255, optional)
  contactName?: string | null;

  @IsText(64, optional)
  phoneNumber?: string | null;

  @IsText(4000, optional)
  note?: string | null;

  @IsOptionalTime()
  scheduledAt?: Date | null;
}
