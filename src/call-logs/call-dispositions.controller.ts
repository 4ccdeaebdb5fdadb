import { Body, Controller, Headers, Put } from '@nestjs/common';
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
import { CallDispositionsService } from './call-dispositions.service.js';
import { UpsertCallDispositionDto } from './dto/upsert-call-disposition.dto.js';

@Controller('callDisposition')
export class CallDispositionsController {
  constructor(private readonly dispositions: CallDispositionsService) {}

  @Put()
  @ApiOperation({ operationId: 'putCallDisposition', summary: "Set a logged call's disposition" })
  @ApiOptionalExtensionHeader()
  @ApiJsonOk('Envelope')
  @ApiSessionFailures()
  @ApiFailures(413)
  upsert(
    @CurrentUser() user: UserEntity,
    @Body() body: UpsertCallDispositionDto,
    @Headers('rc-extension-id') rcExtensionIdHeader?: string,
  ): Promise<Envelope> {
    return this.dispositions.upsert(user, body, rcExtensionIdHeader);
  }
}
