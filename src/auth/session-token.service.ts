import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { securityConfig, type SecurityConfig } from '../config/security.config.js';
import type { UserEntity } from '../users/user.entity.js';

/** Claims of the session token the client stores and echoes back (it never decodes it). */
export interface SessionClaims {
  sub: string;
  plt: string;
  /** Token version: logout bumps the user's, which kills every earlier token. */
  ver: number;
  iat?: number;
  exp?: number;
}

export const SESSION_ALGORITHM = 'HS256';

/** Whether a token authenticating a request now should get a successor (sliding renewal). */
export function needsRenewal(
  claims: Pick<SessionClaims, 'exp'>,
  renewBelowSeconds: number,
  now = Date.now(),
): boolean {
  return claims.exp !== undefined && claims.exp - now / 1000 <= renewBelowSeconds;
}

@Injectable()
export class SessionTokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(securityConfig.KEY) private readonly config: SecurityConfig,
  ) {}

  issue(user: Pick<UserEntity, 'id' | 'platform' | 'tokenVersion'>): string {
    const claims: SessionClaims = { sub: user.id, plt: user.platform, ver: user.tokenVersion };
    return this.jwt.sign(claims, {
      secret: this.config.sessionSecret,
      algorithm: SESSION_ALGORITHM,
      expiresIn: this.config.sessionTtlSeconds,
    });
  }
}
