import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { requestIdOf } from './request-id.middleware.js';

const logger = new Logger('Http');

/** One debug line per request; never the query string, which may carry a session token. */
export function httpLogMiddleware(req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  res.once('finish', () => {
    const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
    logger.debug({
      msg: `${req.method} ${req.path} ${res.statusCode}`,
      method: req.method,
      path: req.path,
      status: res.statusCode,
      durationMs,
      requestId: requestIdOf(res),
    });
  });
  next();
}
