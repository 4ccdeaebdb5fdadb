import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentUser } from '../users/current-user.decorator.js';
import type { Envelope } from '../common/envelope.js';
import {
  ApiFailures,
  ApiJsonOk,
  ApiSessionFailures,
} from '../common/openapi/api-replies.decorator.js';
import type { UserEntity } from '../users/user.entity.js';
import { ContactsService } from './contacts.service.js';
import { CreateContactDto } from './dto/create-contact.dto.js';
import { FindContactQuery } from './dto/find-contact.query.js';
import { SearchContactQuery } from './dto/search-contact.query.js';

@Controller()
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get('contact')
  @ApiOperation({ operationId: 'getContact', summary: 'Find contacts by phone number' })
  @ApiJsonOk('ContactSearchResponse')
  @ApiSessionFailures()
  find(@CurrentUser() user: UserEntity, @Query() query: FindContactQuery): Promise<Envelope> {
    return this.contacts.findByPhone(user, query);
  }

  @Post('contact')
  @HttpCode(200)
  @ApiOperation({ operationId: 'postContact', summary: 'Create a contact' })
  @ApiJsonOk('ContactMutationResponse')
  @ApiSessionFailures()
  @ApiFailures(413)
  create(@CurrentUser() user: UserEntity, @Body() body: CreateContactDto): Promise<Envelope> {
    return this.contacts.create(user, body);
  }

  @Get('custom/contact/search')
  @ApiOperation({ operationId: 'getCustomContactSearch', summary: 'Find contacts by name' })
  @ApiJsonOk('ContactSearchResponse')
  @ApiSessionFailures()
  search(@CurrentUser() user: UserEntity, @Query() query: SearchContactQuery): Promise<Envelope> {
    return this.contacts.searchByName(user, query.name);
  }
}
