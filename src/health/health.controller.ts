import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { HttpReply } from '../common/http/http-types.js';
import { Public } from '../common/http/public.decorator.js';
import { ApiFailures, ApiJsonOk } from '../common/openapi/api-replies.decorator.js';
import { schemaRef } from '../common/openapi/reply-schemas.js';
import { SkipRateLimit } from '../common/http/rate-limit.decorator.js';
import { DatabaseHealthIndicator } from './database-health.indicator.js';
import { RedisHealthIndicator } from './redis-health.indicator.js';

/** Readiness for load balancers (docs/operations.md, Health checks); /isAlive is liveness. */
@Controller()
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get('health')
  @SkipRateLimit()
  @HealthCheck()
  @ApiOperation({
    operationId: 'getHealth',
    summary: 'Readiness: the database and, when configured, Redis',
  })
  @ApiJsonOk('HealthCheckResult', 'Ready')
  @ApiResponse({
    status: 503,
    description: 'Not ready: the same JSON, naming what is down',
    content: { 'application/json': { schema: schemaRef('HealthCheckResult') } },
  })
  @ApiFailures(500)
  async check(@Res({ passthrough: true }) res: HttpReply): Promise<HealthCheckResult> {
    const checks = [() => this.database.check('database')];
    if (this.redis.configured) checks.push(() => this.redis.check('redis'));
    try {
      return await this.health.check(checks);
    } catch (error) {
      // Terminus reports "down" as an exception; it is an answer here, not a server error.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
