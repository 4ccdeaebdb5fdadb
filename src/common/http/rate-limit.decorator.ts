import { SetMetadata } from '@nestjs/common';

/** Extra limits a route opts into, on top of the per-IP and per-user ones every route has. */
export type RateLimitKind = 'login' | 'loginPerPlatform' | 'userInfoHash';

export const RATE_LIMIT_KINDS = 'crm-bridge:rate-limit-kinds';
export const SKIP_RATE_LIMIT = 'crm-bridge:skip-rate-limit';

export const RateLimit = (...kinds: RateLimitKind[]) => SetMetadata(RATE_LIMIT_KINDS, kinds);

export const SkipRateLimit = () => SetMetadata(SKIP_RATE_LIMIT, true);
