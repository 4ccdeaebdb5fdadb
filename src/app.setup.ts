import cors from '@fastify/cors';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import helmet from 'helmet';
import querystring from 'node:querystring';
import type { BodyLimits } from './common/http/body-limits.js';
import { registerBodyParsers } from './common/http/body-parsers.js';
import { logRequest } from './common/http/http-log.hook.js';
import { requestIdFor } from './common/http/request-id.js';
import { runWithLogContext } from './common/logging/log-context.js';
import { createValidationPipe } from './common/validation/validation.pipe.js';
import { appConfig, type AppConfig } from './config/app.config.js';
import type { Env } from './config/define-config.js';
import { docsConfig, type DocsConfig } from './config/docs.config.js';
import { httpConfig, type HttpConfig } from './config/http.config.js';
import { setupDocs } from './docs/openapi.setup.js';
import openApiMetadata from './metadata.js';
import { httpMetricsHook } from './metrics/http-metrics.hook.js';
import { MetricsService } from './metrics/metrics.service.js';

const HSTS = 'max-age=31536000; includeSubDomains';

/** The headers helmet sets with our options, computed once (helmet writes the same every time). */
function helmetHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const record = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: () => undefined,
  };
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    // Every call is cross-origin, and the OAuth popup must keep its opener.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginOpenerPolicy: false,
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false,
  })(record as never, record as never, () => undefined);
  return headers;
}

const SECURITY_HEADERS = helmetHeaders();

/**
 * The Fastify adapter main.ts and the e2e tests share: what Fastify fixes at creation (proxy
 * trust, the body cap, request ids, Express's 'simple' query parsing and loose routing).
 */
export function createHttpAdapter(env: Env): FastifyAdapter {
  const config = appConfig.read(env);
  const http = httpConfig.read(env);
  return new FastifyAdapter({
    // A number of hops works as in Express, though Fastify's types leave it out.
    trustProxy: http.trustProxy as boolean | string[],
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: requestIdFor,
    // Node's own defaults, as the Express server had (Fastify's keep-alive is 72 s).
    keepAliveTimeout: 5000,
    requestTimeout: 300_000,
    routerOptions: {
      querystringParser: (text) => querystring.parse(text),
      ignoreTrailingSlash: true,
      caseSensitive: false,
      maxParamLength: 500,
    },
    skipMiddie: true,
    // A URL the router cannot read (bad escapes...): refused before any hook, so headers here.
    frameworkErrors: (_error: Error, req: FastifyRequest, reply: FastifyReply) => {
      void reply
        .headers(SECURITY_HEADERS)
        .header('x-request-id', req.id)
        .code(400)
        .type('text/plain; charset=utf-8')
        .send('Invalid request: the URL is not valid');
    },
  });
}

/** The HTTP pipeline main.ts and the e2e tests share (headers: docs/operations.md, Headers). */
export async function setupApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get<AppConfig>(appConfig.KEY);
  const http = app.get<HttpConfig>(httpConfig.KEY);
  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(MetricsService);
  if (metrics.enabled) fastify.addHook('onResponse', httpMetricsHook(metrics));
  // Its lines are debug-level: below that, the hook would only build lines to drop.
  if (config.logLevel === 'debug' || config.logLevel === 'verbose') {
    fastify.addHook('onResponse', logRequest);
  }
  fastify.addHook(
    'onRequest',
    (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      reply.headers(SECURITY_HEADERS);
      reply.header('x-request-id', req.id);
      // HSTS only over https (or X-Forwarded-Proto from a proxy TRUST_PROXY trusts).
      if (req.protocol === 'https') reply.header('strict-transport-security', HSTS);
      done();
    },
  );
  await app.register(cors, {
    origin: http.corsOrigins,
    methods: 'GET,POST,PATCH,PUT,DELETE,OPTIONS',
    exposedHeaders: 'x-refreshed-jwt-token,x-request-id',
    maxAge: 600,
    optionsSuccessStatus: 204,
    strictPreflight: false,
  });
  const limits: BodyLimits = {
    maxDepth: config.bodyMaxDepth,
    maxKeys: config.bodyMaxKeys,
    maxArrayItems: config.bodyMaxArrayItems,
    maxStringChars: config.bodyMaxStringChars,
  };
  registerBodyParsers(fastify, limits);
  // After the body is read, whose stream events carry no request context of their own.
  fastify.addHook('preHandler', (req: FastifyRequest, _reply, done: HookHandlerDoneFunction) =>
    runWithLogContext({ requestId: req.id }, done),
  );
  app.useGlobalPipes(createValidationPipe());
  if (app.get<DocsConfig>(docsConfig.KEY).enabled) await setupDocs(app, openApiMetadata);
  app.enableShutdownHooks([], { useProcessExit: true });
}
