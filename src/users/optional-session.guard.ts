import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { sendRenewedToken } from '../common/http/renewed-token.js';

/** For a @Public() route: sets the user when the session token is valid, and lets all through. */
@Injectable()
export class OptionalSessionGuard extends AuthGuard('session-jwt') {
  override handleRequest<TUser>(
    _error: unknown,
    user: TUser | false,
    _info: unknown,
    context: ExecutionContext,
  ): TUser | null {
    if (user) sendRenewedToken(context);
    return user || null;
  }
}
