import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AdminAccessService } from '../admin/admin-access.service.js';
import { ApiFailures, ApiJsonOk } from '../common/openapi/api-replies.decorator.js';
import { ApiRcAccessToken, RcAccessToken } from '../ringcentral/rc-access-token.decorator.js';
import { CurrentUser } from '../users/current-user.decorator.js';
import type { UserEntity } from '../users/user.entity.js';
import { UserMappingRequestDto } from './dto/user-mapping-request.dto.js';
import type { UserMappingRow } from './extension-matching.js';
import { checkedExtensions, UserMappingService } from './user-mapping.service.js';

/** CRM user mapping for the administrator's account (docs/client-contract.md, Admin). */
@Controller('admin')
export class UserMappingController {
  constructor(
    private readonly access: AdminAccessService,
    private readonly mappings: UserMappingService,
  ) {}

  @Post('userMapping')
  @HttpCode(200)
  @ApiOperation({ operationId: 'postAdminUserMapping', summary: 'Resolve CRM user mappings' })
  @ApiRcAccessToken()
  @ApiJsonOk('UserMappingResponse')
  @ApiFailures(400, 401, 403, 413, 429, 500, 503)
  async resolve(
    @CurrentUser() user: UserEntity,
    @RcAccessToken() token: string | undefined,
    @Body() body: UserMappingRequestDto,
  ): Promise<UserMappingRow[]> {
    return this.map(user, token, body, false);
  }

  @Post('reinitializeUserMapping')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'postAdminReinitializeUserMapping',
    summary: 'Reinitialize admin user mapping',
  })
  @ApiRcAccessToken()
  @ApiJsonOk('UserMappingResponse')
  @ApiFailures(400, 401, 403, 413, 429, 500, 503)
  async reinitialize(
    @CurrentUser() user: UserEntity,
    @RcAccessToken() token: string | undefined,
    @Body() body: UserMappingRequestDto,
  ): Promise<UserMappingRow[]> {
    return this.map(user, token, body, true);
  }

  private async map(
    user: UserEntity,
    token: string | undefined,
    body: UserMappingRequestDto,
    reinitialize: boolean,
  ): Promise<UserMappingRow[]> {
    const extensions = checkedExtensions(body.rcExtensionList);
    const accountKey = await this.access.adminAccountKey(token);
    return this.mappings.resolve(accountKey, user, extensions, reinitialize);
  }
}
