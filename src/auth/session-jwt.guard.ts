import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AppError } from '../common/errors/app-error.js';
import { IS_PUBLIC } from '../common/http/public.decorator.js';
import { RouteMetadata } from '../common/http/route-metadata.js';
import { sendRenewedToken } from '../common/http/renewed-token.js';

/** Global guard: every route needs a valid session token unless marked @Public(). */
@Injectable()
export class SessionJwtGuard extends AuthGuard('session-jwt') {
  private readonly isPublic: RouteMetadata<boolean>;

  constructor(reflector: Reflector) {
    super();
    this.isPublic = new RouteMetadata(reflector, IS_PUBLIC);
  }

  override canActivate(context: ExecutionContext) {
    return this.isPublic.of(context) ? true : super.canActivate(context);
  }

  override handleRequest<TUser>(
    error: unknown,
    user: TUser | false,
    _info: unknown,
    context: ExecutionContext,
  ): TUser {
    // Token problems arrive as "no user"; an error is a real failure (e.g. the database is down).
    if (error) throw error;
    if (!user) throw new AppError('SESSION_INVALID', 'invalid session token');
    sendRenewedToken(context);
    return user;
  }
}
