import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { HttpRequest } from '../../common/http/http-types.js';
import { renewTokenFor } from '../../common/http/renewed-token.js';
import { Strategy } from 'passport-custom';
import { securityConfig, type SecurityConfig } from '../../config/security.config.js';
import type { UserEntity } from '../../users/user.entity.js';
import { UsersService } from '../../users/users.service.js';
import { SessionTokenReader } from '../session-token-reader.service.js';
import { needsRenewal, SessionTokenService } from '../session-token.service.js';

/** `session-jwt`: the token's version must be the user's; one near expiry gets a successor. */
@Injectable()
export class SessionJwtStrategy extends PassportStrategy(Strategy, 'session-jwt') {
  constructor(
    @Inject(securityConfig.KEY) private readonly config: SecurityConfig,
    private readonly users: UsersService,
    private readonly tokens: SessionTokenService,
    private readonly reader: SessionTokenReader,
  ) {
    super();
  }

  async validate(req: HttpRequest): Promise<UserEntity | false> {
    const claims = this.reader.claimsOf(req);
    if (!claims) return false;
    const user = await this.users.findForSession(claims.sub);
    if (!user || user.platform !== claims.plt || user.tokenVersion !== claims.ver) return false;
    if (needsRenewal(claims, this.config.sessionRenewBelowSeconds)) {
      renewTokenFor(req, this.tokens.issue(user));
    }
    return user;
  }
}
