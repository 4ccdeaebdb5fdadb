import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { UserEntity } from './user.entity.js';

/** The user the session token belongs to (set by the session-jwt strategy). */
export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): UserEntity =>
    ctx.switchToHttp().getRequest<Request>().user as UserEntity,
);
