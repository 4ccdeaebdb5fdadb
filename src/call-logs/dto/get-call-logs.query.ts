import { IsIdString, IsQueryBoolean, IsText } from '../../common/validation/decorators.js';

export class GetCallLogsQuery {
  @IsText(8000, { required: true })
  sessionIds: string;

  @IsQueryBoolean()
  requireDetails?: boolean;

  @IsIdString(32, { optional: true })
  extensionNumber?: string;

  @IsText(128, { optional: true })
  hashedExtensionId?: string;
}
