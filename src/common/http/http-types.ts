import type { FastifyReply, FastifyRequest } from 'fastify';

/** The request every controller, guard and filter sees (Fastify's), with the signed-in user. */
export type HttpRequest = FastifyRequest<{
  Querystring: Record<string, string | string[] | undefined>;
  Params: Record<string, string | undefined>;
}> & { user?: unknown };

export type HttpReply = FastifyReply;
