import { IsText } from '../../common/validation/decorators.js';

/** GET /calldown: `called`, `not called` (or not_called, notcalled), anything else for all. */
export class ListCalldownQuery {
  @IsText(32, { optional: true })
  status?: string;
}
