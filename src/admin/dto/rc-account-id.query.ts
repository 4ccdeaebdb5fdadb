import { IsText } from '../../common/validation/decorators.js';

/**
 * The official legacy `rcAccountId` of the settings reads: accepted, never trusted. Knowing an
 * account's (hashed) id proves no membership, so only a RingCentral token selects a policy.
 */
export class RcAccountIdQuery {
  @IsText(128, { optional: true })
  rcAccountId?: string;
}
