import { IsText } from '../../common/validation/decorators.js';

/** GET /custom/contact/search: `name` arrives unencoded and is trimmed by the service. */
export class SearchContactQuery {
  @IsText(255)
  name: string;
}
