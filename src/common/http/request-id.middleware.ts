import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { runWithLogContext } from '../logging/log-context.js';

const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Sets `x-request-id` (keeping a sane incoming one) and puts it on the request's log lines. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const id = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = id;
  res.setHeader('x-request-id', id);
  runWithLogContext({ requestId: id }, next);
}

export function requestIdOf(res: Response): string {
  return (res.locals.requestId as string | undefined) ?? 'unknown';
}
