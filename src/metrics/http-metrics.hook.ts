import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { routeLabel } from './metric-labels.js';
import type { MetricsService } from './metrics.service.js';

/** Times each request under its route pattern (an onResponse hook; nothing kept per request). */
export function httpMetricsHook(metrics: MetricsService) {
  return (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    metrics.observeHttp(req.method, routeLabel(req), reply.statusCode, reply.elapsedTime / 1000);
    done();
  };
}
