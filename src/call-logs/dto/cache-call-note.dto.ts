import { IsSessionId, IsText } from '../../common/validation/decorators.js';

/** POST /callLog/cacheNote (docs/client-contract.md, Call logs); the 64 KB cap is checked in bytes. */
export class CacheCallNoteDto {
  @IsSessionId()
  sessionId: string;

  @IsText(64 * 1024)
  note: string;
}
