import { IsText } from '../../common/validation/decorators.js';

export class SearchContactQuery {
  @IsText(255)
  name: string;
}
