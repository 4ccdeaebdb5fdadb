import { IsIdList, IsIdString } from '../../common/validation/decorators.js';

export class MatchMessageLogsDto {
  @IsIdString(64, { optional: true })
  conversationId?: string;

  @IsIdList(500)
  messageIds: string[];
}
