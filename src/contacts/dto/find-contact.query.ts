import { IsQueryBoolean, IsText } from '../../common/validation/decorators.js';

/** GET /contact. The number is validated later: an invalid one is a business failure, not a 400. */
export class FindContactQuery {
  @IsText(64, { required: true })
  phoneNumber: string;

  @IsText(1000, { optional: true })
  overridingFormat?: string;

  @IsQueryBoolean()
  isExtension?: boolean;

  @IsQueryBoolean()
  isForceRefreshAccountData?: boolean;
}
