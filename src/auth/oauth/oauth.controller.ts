import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Envelope } from '../../common/envelope.js';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator.js';
import { Public } from '../public.decorator.js';
import { OAuthLoginService } from './oauth-login.service.js';
import { OAuthStartErrorFilter } from './oauth-start-error.filter.js';

@Controller()
@Public()
@RateLimit('login')
export class OAuthController {
  constructor(private readonly oauth: OAuthLoginService) {}

  /** The popup lands here first (the manifest's authUrl), then goes on to the CRM. */
  @Get(['oauth-start/:platform', 'oauth-start/:platform/:hostname'])
  @UseFilters(OAuthStartErrorFilter)
  start(
    @Param('platform') platform: string,
    @Param('hostname') hostname: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.oauth.start(platform, hostname, req, res);
  }

  @Get('oauth-callback')
  @ApiQuery({
    name: 'callbackUri',
    required: true,
    description: 'The redirect page URL the CRM sent the browser to (code and state), unencoded',
  })
  callback(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<Envelope> {
    return this.oauth.clientCallback(req, res);
  }

  @Get('auth/:platform/login')
  @UseFilters(OAuthStartErrorFilter)
  serverLogin(
    @Param('platform') platform: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.oauth.serverLogin(platform, req, res);
  }

  @Get('auth/:platform/callback')
  serverCallback(
    @Param('platform') platform: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Envelope> {
    return this.oauth.serverCallback(platform, req, res);
  }
}
