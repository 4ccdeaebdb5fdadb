import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentUser } from '../users/current-user.decorator.js';
import type { Envelope } from '../common/envelope.js';
import {
  ApiFailures,
  ApiJsonOk,
  ApiSessionFailures,
} from '../common/openapi/api-replies.decorator.js';
import type { UserEntity } from '../users/user.entity.js';
import { CreateMessageLogDto } from './dto/create-message-log.dto.js';
import { MatchMessageLogsDto } from './dto/match-message-logs.dto.js';
import { MessageLogsService } from './message-logs.service.js';

@Controller('messageLog')
export class MessageLogsController {
  constructor(private readonly messageLogs: MessageLogsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'postMessageLog',
    summary: 'Log messages (SMS, fax, voicemail) to the CRM',
  })
  @ApiJsonOk('MessageLogResponse')
  @ApiSessionFailures()
  @ApiFailures(413)
  log(@CurrentUser() user: UserEntity, @Body() body: CreateMessageLogDto): Promise<Envelope> {
    return this.messageLogs.log(user, body);
  }

  @Post('match')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'postMessageLogMatch',
    summary: 'Which messages are logged already',
  })
  @ApiJsonOk('Envelope', 'The logged messages among those asked about')
  @ApiFailures(400, 413, 429, 500, 503)
  match(@CurrentUser() user: UserEntity, @Body() body: MatchMessageLogsDto): Promise<Envelope> {
    return this.messageLogs.match(user, body);
  }
}
