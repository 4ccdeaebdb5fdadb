import { IsIn, ValidateIf } from 'class-validator';
import { CALLDOWN_STATUSES, type CalldownStatus } from '../calldown-entry.entity.js';
import { CreateCalldownDto } from './create-calldown.dto.js';
import { IsOptionalTime } from './optional-time.decorator.js';

/** PATCH /calldown/{id}: any field of an entry, at least one; an absent key leaves it alone. */
export class UpdateCalldownDto extends CreateCalldownDto {
  @ValidateIf((_object, value: unknown) => value !== undefined)
  @IsIn(CALLDOWN_STATUSES, { message: '$property must be scheduled or called' })
  status?: CalldownStatus;

  @IsOptionalTime()
  lastCallAt?: Date | null;
}
