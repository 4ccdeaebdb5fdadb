import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { securityConfig, type SecurityConfig } from '../../config/security.config.js';
import type { UserEntity } from '../../users/user.entity.js';
import { UsersService } from '../../users/users.service.js';
import {
  needsRenewal,
  SESSION_ALGORITHM,
  SessionTokenService,
  type SessionClaims,
} from '../session-token.service.js';

/** Response header carrying a renewed session token (newer clients store it). */
export const REFRESHED_TOKEN_HEADER = 'x-refreshed-jwt-token';

/**
 * `session-jwt`: the token from `Authorization: Bearer` (newer clients) or the `jwtToken` query
 * parameter (every client); the header wins when both are present. HS256 only. A token close to
 * expiry gets a successor in `x-refreshed-jwt-token` (sliding renewal); the old one stays valid.
 */
@Injectable()
export class SessionJwtStrategy extends PassportStrategy(Strategy, 'session-jwt') {
  constructor(
    @Inject(securityConfig.KEY) private readonly config: SecurityConfig,
    private readonly users: UsersService,
    private readonly tokens: SessionTokenService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromExtractors([
        ExtractJwt.fromAuthHeaderAsBearerToken(),
        ExtractJwt.fromUrlQueryParameter('jwtToken'),
      ]),
      // A KeyObject: with a string, jsonwebtoken first tries (and fails) to parse it as a public key
      // on every request.
      secretOrKey: createSecretKey(Buffer.from(config.sessionSecret, 'utf8')) as unknown as Buffer,
      algorithms: [SESSION_ALGORITHM],
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  async validate(req: Request, claims: SessionClaims): Promise<UserEntity | false> {
    // Every token we issue expires; one without `exp` would be valid forever.
    if (
      typeof claims.sub !== 'string' ||
      typeof claims.ver !== 'number' ||
      typeof claims.exp !== 'number'
    ) {
      return false;
    }
    const user = await this.users.findForSession(claims.sub);
    if (!user || user.platform !== claims.plt || user.tokenVersion !== claims.ver) return false;
    if (needsRenewal(claims, this.config.sessionRenewBelowSeconds)) {
      req.res?.setHeader(REFRESHED_TOKEN_HEADER, this.tokens.issue(user));
    }
    return user;
  }
}
