import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { HttpRequest } from '../common/http/http-types.js';
import type { UserEntity } from './user.entity.js';

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): UserEntity =>
    ctx.switchToHttp().getRequest<HttpRequest>().user as UserEntity,
);
