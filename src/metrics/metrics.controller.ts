import { Controller, Get, Headers, Inject, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HttpReply } from '../common/http/http-types.js';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '../common/http/public.decorator.js';
import { SkipRateLimit } from '../common/http/rate-limit.decorator.js';
import { metricsConfig, type MetricsConfig } from '../config/metrics.config.js';
import { MetricsService } from './metrics.service.js';

@Controller()
@Public()
@ApiExcludeController()
export class MetricsController {
  private readonly token?: Buffer;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(metricsConfig.KEY) config: MetricsConfig,
  ) {
    this.token = config.token === undefined ? undefined : Buffer.from(config.token);
  }

  @Get('metrics')
  @SkipRateLimit()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<string> {
    if (this.token && !this.authorized(authorization)) {
      res.header('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException('Unauthorized');
    }
    res.header('content-type', this.metrics.contentType);
    res.header('cache-control', 'no-store');
    return this.metrics.render();
  }

  private authorized(header: string | undefined): boolean {
    const match = /^Bearer (\S+)$/i.exec(header ?? '');
    if (!match || !this.token) return false;
    const given = Buffer.from(match[1]);
    return given.length === this.token.length && timingSafeEqual(given, this.token);
  }
}
