import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiFailures, ApiJsonOk } from '../common/openapi/api-replies.decorator.js';
import { CurrentUser } from '../users/current-user.decorator.js';
import type { UserEntity } from '../users/user.entity.js';
import { CalldownService, type CalldownEntryReply } from './calldown.service.js';
import { CreateCalldownDto } from './dto/create-calldown.dto.js';
import { ListCalldownQuery } from './dto/list-calldown.query.js';
import { UpdateCalldownDto } from './dto/update-calldown.dto.js';

@Controller('calldown')
export class CalldownController {
  constructor(private readonly calldown: CalldownService) {}

  @Get()
  @ApiOperation({ operationId: 'getCallDown', summary: 'List scheduled call-backs' })
  @ApiJsonOk('CallDownListResponse')
  @ApiFailures(400, 429, 500, 503)
  async list(
    @CurrentUser() user: UserEntity,
    @Query() query: ListCalldownQuery,
  ): Promise<{ successful: true; items: CalldownEntryReply[] }> {
    return { successful: true, items: await this.calldown.list(user.id, query.status) };
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ operationId: 'postCallDown', summary: 'Schedule a call-back' })
  @ApiJsonOk('CallDownCreateResponse')
  @ApiFailures(400, 413, 429, 500, 503)
  async schedule(
    @CurrentUser() user: UserEntity,
    @Body() body: CreateCalldownDto,
  ): Promise<{ successful: true; id: string }> {
    return { successful: true, id: await this.calldown.schedule(user.id, body) };
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'patchCallDown', summary: 'Update a call-back' })
  @ApiJsonOk('CallDownMutationResponse')
  @ApiFailures(400, 413, 429, 500, 503)
  async update(
    @CurrentUser() user: UserEntity,
    @Param('id') id: string,
    @Body() body: UpdateCalldownDto,
  ): Promise<{ successful: true }> {
    await this.calldown.update(user.id, id, body);
    return { successful: true };
  }

  @Delete(':id')
  @ApiOperation({ operationId: 'deleteCallDown', summary: 'Delete a call-back' })
  @ApiJsonOk('CallDownMutationResponse')
  @ApiFailures(400, 429, 500, 503)
  async remove(
    @CurrentUser() user: UserEntity,
    @Param('id') id: string,
  ): Promise<{ successful: true }> {
    await this.calldown.remove(user.id, id);
    return { successful: true };
  }
}
