import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { securityConfig, type SecurityConfig } from '../../config/security.config.js';
import type { UserEntity } from '../../users/user.entity.js';
import { UsersService } from '../../users/users.service.js';
import { SESSION_ALGORITHM, type SessionClaims } from '../session-token.service.js';

/**
 * `session-jwt`: the token from `Authorization: Bearer` (newer clients) or the `jwtToken` query
 * parameter (every client); the header wins when both are present.
 */
@Injectable()
export class SessionJwtStrategy extends PassportStrategy(Strategy, 'session-jwt') {
  constructor(
    @Inject(securityConfig.KEY) config: SecurityConfig,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromExtractors([
        ExtractJwt.fromAuthHeaderAsBearerToken(),
        ExtractJwt.fromUrlQueryParameter('jwtToken'),
      ]),
      secretOrKey: config.sessionSecret,
      algorithms: [SESSION_ALGORITHM],
      ignoreExpiration: false,
    });
  }

  async validate(claims: SessionClaims): Promise<UserEntity | false> {
    if (typeof claims.sub !== 'string' || typeof claims.ver !== 'number') return false;
    const user = await this.users.findById(claims.sub);
    if (!user || user.platform !== claims.plt || user.tokenVersion !== claims.ver) return false;
    return user;
  }
}
