import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { HttpReply } from '../common/http/http-types.js';
import { AppError } from '../common/errors/app-error.js';
import { SKIP_RATE_LIMIT } from '../common/http/rate-limit.decorator.js';
import { RouteMetadata } from '../common/http/route-metadata.js';

/** Throttler guard answering the contract's way: 429, plain text, `Retry-After` in seconds. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private skipped?: RouteMetadata<boolean>;

  override canActivate(context: ExecutionContext): Promise<boolean> {
    // RATE_LIMIT=false leaves no limit to count: nothing to read or store per request.
    return this.throttlers.length === 0 ? Promise.resolve(true) : super.canActivate(context);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    this.skipped ??= new RouteMetadata(this.reflector, SKIP_RATE_LIMIT);
    return this.skipped.of(context) === true;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<HttpReply>().header('Retry-After', String(seconds));
    throw new AppError(
      'RATE_LIMITED',
      `Too many requests. Please try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
    );
  }
}
