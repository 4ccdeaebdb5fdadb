import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';

/** For a @Public() route: sets the user when the session token is valid, and lets all through. */
@Injectable()
export class OptionalSessionGuard extends AuthGuard('session-jwt') {
  override handleRequest<TUser>(_error: unknown, user: TUser | false): TUser | null {
    return user || null;
  }
}
