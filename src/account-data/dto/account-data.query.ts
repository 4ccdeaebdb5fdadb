import { IsQueryBoolean, IsText } from '../../common/validation/decorators.js';

/** GET /accountData. */
export class AccountDataQuery {
  /** Comma-separated account data keys. */
  @IsText(1000, { required: true })
  keys: string;

  @IsQueryBoolean()
  forceRefresh?: boolean;
}
