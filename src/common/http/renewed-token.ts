import type { ExecutionContext } from '@nestjs/common';
import type { HttpReply, HttpRequest } from './http-types.js';

export const REFRESHED_TOKEN_HEADER = 'x-refreshed-jwt-token';

const renewals = new WeakMap<object, string>();

/** A renewed session token for this request, sent by the session guard that let it through. */
export function renewTokenFor(req: HttpRequest, token: string): void {
  renewals.set(req, token);
}

export function sendRenewedToken(context: ExecutionContext): void {
  const http = context.switchToHttp();
  const token = renewals.get(http.getRequest<HttpRequest>());
  if (token !== undefined) http.getResponse<HttpReply>().header(REFRESHED_TOKEN_HEADER, token);
}
