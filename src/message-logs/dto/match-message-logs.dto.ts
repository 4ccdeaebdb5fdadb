import { IsIdList, IsIdString } from '../../common/validation/decorators.js';

/** POST /messageLog/match (client-contract §6.4): at most 500 ids. */
export class MatchMessageLogsDto {
  @IsIdString(64, { optional: true })
  conversationId?: string;

  @IsIdList(500)
  messageIds: string[];
}
