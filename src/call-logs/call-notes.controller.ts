import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentUser } from '../users/current-user.decorator.js';
import type { Envelope } from '../common/envelope.js';
import { ApiFailures, ApiJsonOk } from '../common/openapi/api-replies.decorator.js';
import type { UserEntity } from '../users/user.entity.js';
import { CallNotesService } from './call-notes.service.js';
import { CacheCallNoteDto } from './dto/cache-call-note.dto.js';

@Controller('callLog')
export class CallNotesController {
  constructor(private readonly notes: CallNotesService) {}

  /** Always answers at once; the client ignores the reply (docs/client-contract.md, Call logs). */
  @Post('cacheNote')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'postCallLogCacheNote',
    summary: 'Keep a note for a call not logged yet',
  })
  @ApiJsonOk('Envelope')
  @ApiFailures(400, 413, 429, 500, 503)
  async cache(@CurrentUser() user: UserEntity, @Body() body: CacheCallNoteDto): Promise<Envelope> {
    await this.notes.cache(user.id, body.sessionId, body.note);
    return { successful: true };
  }
}
