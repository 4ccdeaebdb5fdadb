import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { normalizeIp } from '@nestjs/throttler';
import type { Request } from 'express';
import { securityConfig, type SecurityConfig } from '../../config/security.config.js';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Who a request counts against: its client IP (per TRUST_PROXY; IPv6 grouped by /64), the session
 * user when it carries a valid session token, and the platform a login names.
 */
@Injectable()
export class RateLimitKeys {
  private readonly jwt = new JwtService();
  private readonly users = new WeakMap<Request, string | null>();

  constructor(@Inject(securityConfig.KEY) private readonly security: SecurityConfig) {}

  ip(req: Request): string {
    return normalizeIp(req.ip ?? req.socket.remoteAddress ?? 'unknown');
  }

  /**
   * The session user id of a request whose token verifies (signature, algorithm, expiry); null
   * otherwise. Read before authentication, so a flood of bad tokens is still limited per IP.
   */
  sessionUser(req: Request): string | null {
    if (this.users.has(req)) return this.users.get(req)!;
    const header = req.headers.authorization;
    const fromHeader = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    const fromQuery = typeof req.query?.jwtToken === 'string' ? req.query.jwtToken : undefined;
    const token = fromHeader ?? fromQuery;
    let user: string | null = null;
    if (token) {
      try {
        const claims = this.jwt.verify<{ sub?: unknown }>(token, {
          secret: this.security.sessionSecret,
          algorithms: ['HS256'],
        });
        user = typeof claims.sub === 'string' ? claims.sub : null;
      } catch {
        user = null;
      }
    }
    this.users.set(req, user);
    return user;
  }

  /** The platform named by a login: the body's (API key) or the path's (OAuth). */
  platform(req: Request): string {
    const body = req.body as { platform?: unknown } | undefined;
    const named = body?.platform ?? req.params?.platform;
    return typeof named === 'string' && /^[a-z0-9-]{1,64}$/.test(named) ? named : '(invalid)';
  }
}
