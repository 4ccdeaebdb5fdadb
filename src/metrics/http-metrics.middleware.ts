import type { NextFunction, Request, Response } from 'express';
import { routeLabel } from './metric-labels.js';
import type { MetricsService } from './metrics.service.js';

const STARTED = Symbol('metrics:started');

type TimedResponse = Response & { [STARTED]?: number };

/** Times each request under its route pattern; one shared listener, no allocation per request. */
export function httpMetricsMiddleware(metrics: MetricsService) {
  function onFinish(this: TimedResponse): void {
    const req = this.req as Request;
    const seconds = (performance.now() - (this[STARTED] ?? 0)) / 1000;
    metrics.observeHttp(req.method, routeLabel(req), this.statusCode, seconds);
  }
  return (_req: Request, res: TimedResponse, next: NextFunction): void => {
    res[STARTED] = performance.now();
    res.on('finish', onFinish);
    next();
  };
}
