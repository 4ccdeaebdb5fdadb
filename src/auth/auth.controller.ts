import { Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import type { HttpRequest } from '../common/http/http-types.js';
import type { Envelope } from '../common/envelope.js';
import {
  ApiFailures,
  ApiJsonOk,
  ApiLoginFailures,
  ApiSessionFailures,
} from '../common/openapi/api-replies.decorator.js';
import { RateLimit } from '../common/http/rate-limit.decorator.js';
import type { UserEntity } from '../users/user.entity.js';
import { AuthService, type VerifiedLogin } from './auth.service.js';
import { CurrentUser } from '../users/current-user.decorator.js';
import { ApiKeyLoginDto } from './dto/api-key-login.dto.js';
import { Public } from '../common/http/public.decorator.js';

@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Client-contract §3.2. Any failure is non-2xx: the client treats every 2xx as signed in. */
  @Post('apiKeyLogin')
  @Public()
  // Brute force: per IP and per platform (docs/client-contract.md, Auth).
  @RateLimit('login', 'loginPerPlatform')
  @UseGuards(AuthGuard('api-key'))
  @ApiBody({ type: ApiKeyLoginDto })
  @HttpCode(200)
  @ApiOperation({
    operationId: 'postApiKeyLogin',
    summary: 'Sign in with an API key (or the fields of the platform form)',
  })
  @ApiJsonOk('ApiKeyLoginResponse', 'Signed in')
  @ApiLoginFailures()
  @ApiFailures(413, 429, 500, 503)
  apiKeyLogin(@Req() req: HttpRequest): Promise<Envelope> {
    return this.auth.completeLogin(req.user as VerifiedLogin);
  }

  @Post('unAuthorize')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'postUnAuthorize',
    summary: 'Log out: forget the stored CRM credentials',
  })
  @ApiJsonOk('Envelope')
  @ApiSessionFailures()
  unAuthorize(@CurrentUser() user: UserEntity): Promise<Envelope> {
    return this.auth.logout(user);
  }

  @Get('authValidation')
  @ApiOperation({ operationId: 'getAuthValidation' })
  @ApiJsonOk('AuthValidationResponse')
  @ApiSessionFailures()
  authValidation(@CurrentUser() user: UserEntity): Promise<Envelope> {
    return this.auth.validate(user);
  }
}
