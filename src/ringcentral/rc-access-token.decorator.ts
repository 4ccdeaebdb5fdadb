import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { HttpRequest } from '../common/http/http-types.js';
import { AppError } from '../common/errors/app-error.js';

const TOKEN = /^[\x21-\x7e]{1,4096}$/;

/** The client's RingCentral access token: X-RC-Access-Token, else the legacy `rcAccessToken` query. */
export const RcAccessToken = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined =>
    rcAccessTokenOf(ctx.switchToHttp().getRequest<HttpRequest>()),
);

export function rcAccessTokenOf(req: HttpRequest): string | undefined {
  const header = req.headers['x-rc-access-token'];
  const value = header !== undefined && header !== '' ? header : req.query.rcAccessToken;
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !TOKEN.test(value)) {
    throw AppError.invalidRequest('the RingCentral access token must be one printable string');
  }
  return value;
}

export const ApiRcAccessToken = () =>
  ApiHeader({
    name: 'X-RC-Access-Token',
    required: false,
    description: 'The RingCentral access token (legacy: the rcAccessToken query parameter)',
  });
