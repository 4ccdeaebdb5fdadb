import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { UserEntity } from './user.entity.js';

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): UserEntity =>
    ctx.switchToHttp().getRequest<Request>().user as UserEntity,
);
