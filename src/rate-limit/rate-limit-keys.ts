import { Injectable } from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';
import type { HttpRequest } from '../common/http/http-types.js';
import { SessionTokenReader } from '../auth/session-token-reader.service.js';

/** Who a request counts against: client IP (IPv6 by /64), session user, login platform. */
@Injectable()
export class RateLimitKeys {
  constructor(private readonly reader: SessionTokenReader) {}

  ip(req: HttpRequest): string {
    return normalizeIp(req.ip ?? req.socket.remoteAddress ?? 'unknown');
  }

  sessionUser(req: HttpRequest): string | null {
    return this.reader.claimsOf(req)?.sub ?? null;
  }

  platform(req: HttpRequest): string {
    const body = req.body as { platform?: unknown } | undefined;
    const named = body?.platform ?? req.params?.platform;
    return typeof named === 'string' && /^[a-z0-9-]{1,64}$/.test(named) ? named : '(invalid)';
  }
}
