import { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

const logger = new Logger('Http');

/** One debug line per request (onResponse); never the query string, which may carry a token. */
export function logRequest(
  req: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  const query = req.url.indexOf('?');
  const path = query === -1 ? req.url : req.url.slice(0, query);
  logger.debug({
    msg: `${req.method} ${path} ${reply.statusCode}`,
    method: req.method,
    path,
    status: reply.statusCode,
    durationMs: Math.round(reply.elapsedTime * 10) / 10,
    requestId: req.id,
  });
  done();
}
