import { Inject, Injectable } from '@nestjs/common';
import type { HttpRequest } from '../common/http/http-types.js';
import jwt from 'jsonwebtoken';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { securityConfig, type SecurityConfig } from '../config/security.config.js';
import { SESSION_ALGORITHM, type SessionClaims } from './session-token.service.js';

const BEARER = /^Bearer\s+(\S+)$/i;
const RECENT_TOKENS = 10_000;

const verified = new WeakMap<HttpRequest, SessionClaims | null>();

/** The request's session token: `Authorization: Bearer` wins over the `jwtToken` parameter. */
export function sessionTokenOf(req: HttpRequest): string | undefined {
  const header = req.headers.authorization;
  const fromHeader = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
  if (fromHeader) return fromHeader;
  const fromQuery = (req.query as Record<string, unknown> | undefined)?.jwtToken;
  return typeof fromQuery === 'string' && fromQuery !== '' ? fromQuery : undefined;
}

/**
 * Verifies a request's session token once (HS256), for the rate limiter and the session strategy.
 * The key is a KeyObject: jsonwebtoken would try to parse a string key as a public key every call.
 */
@Injectable()
export class SessionTokenReader {
  private readonly key: KeyObject;
  private readonly recent = new Map<string, SessionClaims & { exp: number }>();

  constructor(@Inject(securityConfig.KEY) security: Pick<SecurityConfig, 'sessionSecret'>) {
    this.key = createSecretKey(Buffer.from(security.sessionSecret, 'utf8'));
  }

  claimsOf(req: HttpRequest): SessionClaims | null {
    const known = verified.get(req);
    if (known !== undefined) return known;
    const claims = this.verify(sessionTokenOf(req));
    verified.set(req, claims);
    return claims;
  }

  verify(token: string | undefined): SessionClaims | null {
    if (!token) return null;
    const known = this.recent.get(token);
    if (known) {
      if (known.exp * 1000 > Date.now()) return known;
      this.recent.delete(token);
      return null;
    }
    const claims = this.verifySignature(token);
    if (claims) {
      // The same token arrives with every request of a session: its signature is checked once.
      if (this.recent.size >= RECENT_TOKENS) this.recent.delete(this.recent.keys().next().value!);
      this.recent.set(token, claims);
    }
    return claims;
  }

  private verifySignature(token: string): (SessionClaims & { exp: number }) | null {
    try {
      const claims = jwt.verify(token, this.key, {
        algorithms: [SESSION_ALGORITHM],
      }) as Partial<SessionClaims>;
      // Every token we issue has these; one without `exp` would be valid forever.
      const wellFormed =
        typeof claims.sub === 'string' &&
        typeof claims.plt === 'string' &&
        typeof claims.ver === 'number' &&
        typeof claims.exp === 'number';
      return wellFormed ? (claims as SessionClaims & { exp: number }) : null;
    } catch {
      return null;
    }
  }
}
