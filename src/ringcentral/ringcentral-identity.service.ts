import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppError } from '../common/errors/app-error.js';
import { TtlCache } from '../common/ttl-cache.js';
import { cacheConfig, type CacheConfig } from '../config/cache.config.js';
import { ringCentralConfig, type RingCentralConfig } from '../config/ringcentral.config.js';

/** Who a RingCentral access token belongs to, as the RingCentral platform says. */
export interface RingCentralIdentity {
  accountId: string;
  extensionId: string;
  isAdmin: boolean;
}

interface ExtensionInfo {
  id?: unknown;
  account?: { id?: unknown };
  permissions?: { admin?: { enabled?: unknown } };
}

export const RC_TOKEN_REJECTED_MESSAGE = 'RingCentral access token is invalid or expired';
export const RC_UNAVAILABLE_MESSAGE = 'RingCentral could not be reached; try again';

/**
 * Asks RingCentral (GET /restapi/v1.0/account/~/extension/~) whose token the client sent; a
 * rejected token is FORBIDDEN, an unreachable platform SERVICE_UNAVAILABLE. Answers are cached
 * briefly under a hash of the token, never the token itself.
 */
@Injectable()
export class RingCentralIdentityService {
  private readonly logger = new Logger('RingCentral');
  private readonly cache: TtlCache<RingCentralIdentity>;

  constructor(
    @Inject(ringCentralConfig.KEY) private readonly config: RingCentralConfig,
    @Inject(cacheConfig.KEY) cache: CacheConfig,
  ) {
    this.cache = new TtlCache(cache.maxEntries);
  }

  async identify(accessToken: string): Promise<RingCentralIdentity> {
    const key = createHash('sha256').update(accessToken, 'utf8').digest('base64url');
    const cached = this.cache.get(key);
    if (cached) return cached;
    const identity = await this.lookUp(accessToken);
    this.cache.set(key, identity, this.config.identityTtlSeconds * 1000);
    return identity;
  }

  private async lookUp(accessToken: string): Promise<RingCentralIdentity> {
    let reply: Response;
    try {
      reply = await fetch(`${this.config.server}/restapi/v1.0/account/~/extension/~`, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
        // A redirect is not RingCentral's answer: never carry the token on.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (error) {
      this.logger.warn(`Extension lookup failed: ${(error as Error).name}`);
      throw new AppError('SERVICE_UNAVAILABLE', RC_UNAVAILABLE_MESSAGE);
    }
    if (reply.status === 401 || reply.status === 403) {
      await reply.body?.cancel();
      throw new AppError('FORBIDDEN', RC_TOKEN_REJECTED_MESSAGE);
    }
    const info = reply.ok ? ((await reply.json().catch(() => null)) as ExtensionInfo | null) : null;
    if (!reply.ok) await reply.body?.cancel();
    const accountId = idText(info?.account?.id);
    const extensionId = idText(info?.id);
    if (!accountId || !extensionId) {
      this.logger.warn(`Extension lookup answered ${reply.status} without account and extension`);
      throw new AppError('SERVICE_UNAVAILABLE', RC_UNAVAILABLE_MESSAGE);
    }
    return { accountId, extensionId, isAdmin: info?.permissions?.admin?.enabled === true };
  }
}

function idText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return typeof value === 'string' && /^\d{1,20}$/.test(value) ? value : undefined;
}
