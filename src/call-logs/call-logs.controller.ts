import { Body, Controller, Get, Headers, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentUser } from '../users/current-user.decorator.js';
import type { Envelope } from '../common/envelope.js';
import {
  ApiFailures,
  ApiJsonOk,
  ApiOptionalExtensionHeader,
  ApiSessionFailures,
} from '../common/openapi/api-replies.decorator.js';
import type { UserEntity } from '../users/user.entity.js';
import { CallLogsService } from './call-logs.service.js';
import { CreateCallLogDto } from './dto/create-call-log.dto.js';
import { GetCallLogsQuery } from './dto/get-call-logs.query.js';
import { UpdateCallLogDto } from './dto/update-call-log.dto.js';

@Controller('callLog')
export class CallLogsController {
  constructor(private readonly callLogs: CallLogsService) {}

  @Get()
  @ApiOperation({ operationId: 'getCallLog', summary: 'Which calls are logged already' })
  @ApiOptionalExtensionHeader()
  @ApiJsonOk('CallLogLookupResponse')
  @ApiSessionFailures()
  find(
    @CurrentUser() user: UserEntity,
    @Query() query: GetCallLogsQuery,
    @Headers('rc-extension-id') rcExtensionIdHeader?: string,
  ): Promise<Envelope> {
    return this.callLogs.find(user, query, rcExtensionIdHeader);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ operationId: 'postCallLog', summary: 'Log a call to the CRM (exactly once)' })
  @ApiOptionalExtensionHeader()
  @ApiJsonOk('CallLogMutationResponse')
  @ApiSessionFailures()
  @ApiFailures(413)
  create(
    @CurrentUser() user: UserEntity,
    @Body() body: CreateCallLogDto,
    @Headers('rc-extension-id') rcExtensionIdHeader?: string,
  ): Promise<Envelope> {
    return this.callLogs.create(user, body, rcExtensionIdHeader);
  }

  @Patch()
  @ApiOperation({ operationId: 'patchCallLog', summary: 'Update a logged call' })
  @ApiOptionalExtensionHeader()
  @ApiJsonOk('CallLogUpdateResponse')
  @ApiSessionFailures()
  @ApiFailures(413)
  update(
    @CurrentUser() user: UserEntity,
    @Body() body: UpdateCallLogDto,
    @Headers('rc-extension-id') rcExtensionIdHeader?: string,
  ): Promise<Envelope> {
    return this.callLogs.update(user, body, rcExtensionIdHeader);
  }
}
