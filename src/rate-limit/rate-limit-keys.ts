import { Injectable } from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';
import type { Request } from 'express';
import { SessionTokenReader } from '../auth/session-token-reader.service.js';

/**
 * Who a request counts against: its client IP (per TRUST_PROXY; IPv6 grouped by /64), the session
 * user when it carries a valid session token, and the platform a login names.
 */
@Injectable()
export class RateLimitKeys {
  constructor(private readonly reader: SessionTokenReader) {}

  ip(req: Request): string {
    return normalizeIp(req.ip ?? req.socket.remoteAddress ?? 'unknown');
  }

  /**
   * The session user id of a request whose token verifies (signature, algorithm, expiry); null
   * otherwise. Read before authentication, so a flood of bad tokens is still limited per IP.
   */
  sessionUser(req: Request): string | null {
    return this.reader.claimsOf(req)?.sub ?? null;
  }

  /** The platform named by a login: the body's (API key) or the path's (OAuth). */
  platform(req: Request): string {
    const body = req.body as { platform?: unknown } | undefined;
    const named = body?.platform ?? req.params?.platform;
    return typeof named === 'string' && /^[a-z0-9-]{1,64}$/.test(named) ? named : '(invalid)';
  }
}
