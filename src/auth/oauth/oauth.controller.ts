import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { HttpRequest, HttpReply } from '../../common/http/http-types.js';
import type { Envelope } from '../../common/envelope.js';
import {
  ApiFailures,
  ApiJsonOk,
  ApiRedirect,
  ApiSignInPageFailure,
} from '../../common/openapi/api-replies.decorator.js';
import { RateLimit } from '../../common/http/rate-limit.decorator.js';
import { Public } from '../../common/http/public.decorator.js';
import { OAuthLoginService } from './oauth-login.service.js';
import { OAuthStartErrorFilter } from './oauth-start-error.filter.js';

@Controller()
@Public()
@RateLimit('login')
export class OAuthController {
  constructor(private readonly oauth: OAuthLoginService) {}

  /** The popup lands here first (the manifest's authUrl), then goes on to the CRM. */
  @Get('oauth-start/:platform')
  @UseFilters(OAuthStartErrorFilter)
  @ApiOperation({ operationId: 'getOauthStart', summary: 'Start an OAuth sign-in (login popup)' })
  @ApiRedirect('On to the CRM authorization page')
  @ApiSignInPageFailure()
  @ApiFailures(429, 500)
  start(
    @Param('platform') platform: string,
    @Req() req: HttpRequest,
    @Res() res: HttpReply,
  ): Promise<void> {
    return this.oauth.start(platform, undefined, req, res);
  }

  @Get('oauth-start/:platform/:hostname')
  @UseFilters(OAuthStartErrorFilter)
  @ApiOperation({
    operationId: 'getOauthStartWithHostname',
    summary: 'Start an OAuth sign-in on the CRM host the user gave',
  })
  @ApiRedirect('On to the CRM authorization page')
  @ApiSignInPageFailure()
  @ApiFailures(429, 500)
  startWithHostname(
    @Param('platform') platform: string,
    @Param('hostname') hostname: string,
    @Req() req: HttpRequest,
    @Res() res: HttpReply,
  ): Promise<void> {
    return this.oauth.start(platform, hostname, req, res);
  }

  @Get('oauth-callback')
  @ApiOperation({ operationId: 'getOauthCallback', summary: 'Finish an OAuth sign-in' })
  @ApiJsonOk('ApiKeyLoginResponse', 'Signed in, or `successful: false` with the reason')
  @ApiFailures(400, 429, 500, 503)
  @ApiQuery({
    name: 'callbackUri',
    required: true,
    description: 'The redirect page URL the CRM sent the browser to (code and state), unencoded',
  })
  callback(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<Envelope> {
    return this.oauth.clientCallback(req, res);
  }

  @Get('auth/:platform/login')
  @UseFilters(OAuthStartErrorFilter)
  @ApiOperation({ operationId: 'getAuthLogin', summary: 'Start a server-driven OAuth sign-in' })
  @ApiRedirect('On to the CRM authorization page')
  @ApiSignInPageFailure()
  @ApiFailures(429, 500)
  serverLogin(
    @Param('platform') platform: string,
    @Req() req: HttpRequest,
    @Res() res: HttpReply,
  ): Promise<void> {
    return this.oauth.serverLogin(platform, req, res);
  }

  @Get('auth/:platform/callback')
  @ApiOperation({ operationId: 'getAuthCallback', summary: 'Finish a server-driven OAuth sign-in' })
  @ApiJsonOk('ApiKeyLoginResponse', 'Signed in, or `successful: false` with the reason')
  @ApiFailures(400, 429, 500, 503)
  serverCallback(
    @Param('platform') platform: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<Envelope> {
    return this.oauth.serverCallback(platform, req, res);
  }
}
