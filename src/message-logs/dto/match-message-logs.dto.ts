import { IsIdList, IsIdString } from '../../common/validation/decorators.js';

/** POST /messageLog/match (docs/client-contract.md, Message logs): at most 500 ids. */
export class MatchMessageLogsDto {
  @IsIdString(64, { optional: true })
  conversationId?: string;

  @IsIdList(500)
  messageIds: string[];
}
