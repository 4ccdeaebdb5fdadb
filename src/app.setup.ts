import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { checkBodyLimits, type BodyLimits } from './common/http/body-limits.js';
import { checkJsonTextLimits } from './common/http/json-text-limits.js';
import { requestIdMiddleware } from './common/http/request-id.middleware.js';
import { httpLogMiddleware } from './common/http/http-log.middleware.js';
import { createValidationPipe } from './common/validation/validation.pipe.js';
import { appConfig, type AppConfig } from './config/app.config.js';
import { docsConfig, type DocsConfig } from './config/docs.config.js';
import { httpConfig, type HttpConfig } from './config/http.config.js';
import { setupDocs } from './docs/openapi.setup.js';
import openApiMetadata from './metadata.js';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware.js';
import { MetricsService } from './metrics/metrics.service.js';

function bodyLimitsMiddleware(limits: BodyLimits) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    try {
      checkBodyLimits(req.body, limits);
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** The HTTP pipeline main.ts and the e2e tests share (headers: docs/operations.md, Headers). */
export async function setupApp(app: INestApplication): Promise<void> {
  const config = app.get<AppConfig>(appConfig.KEY);
  const http = app.get<HttpConfig>(httpConfig.KEY);
  const expressApp = app as NestExpressApplication;
  expressApp.disable('x-powered-by');
  // Every answer is per user and per moment; an ETag would cost a hash of each body for nothing.
  expressApp.set('etag', false);
  expressApp.set('trust proxy', http.trustProxy);
  expressApp.set('query parser', 'simple');
  const metrics = app.get(MetricsService);
  if (metrics.enabled) app.use(httpMetricsMiddleware(metrics));
  app.use(requestIdMiddleware);
  app.use(httpLogMiddleware);
  app.use(
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
    }),
  );
  // HSTS only over https (or X-Forwarded-Proto from a proxy TRUST_PROXY trusts).
  const hsts = helmet.strictTransportSecurity();
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.secure ? hsts(req, res, next) : next(),
  );
  app.enableCors({
    origin: http.corsOrigins,
    methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'],
    exposedHeaders: ['x-refreshed-jwt-token', 'x-request-id'],
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
  const limits: BodyLimits = {
    maxDepth: config.bodyMaxDepth,
    maxKeys: config.bodyMaxKeys,
    maxArrayItems: config.bodyMaxArrayItems,
    maxStringChars: config.bodyMaxStringChars,
  };
  // No reviver: JSON.parse with one costs several times more; the limits walk refuses prototype keys.
  app.use(
    express.json({
      limit: config.bodyLimitBytes,
      verify: (_req, _res, text, encoding) => {
        if (/^utf-?8$/i.test(encoding)) checkJsonTextLimits(text, limits);
      },
    }),
  );
  app.use(express.urlencoded({ extended: false, limit: config.bodyLimitBytes }));
  app.use(bodyLimitsMiddleware(limits));
  app.useGlobalPipes(createValidationPipe());
  if (app.get<DocsConfig>(docsConfig.KEY).enabled) await setupDocs(app, openApiMetadata);
  app.enableShutdownHooks([], { useProcessExit: true });
}
