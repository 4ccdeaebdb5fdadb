import type { INestApplication } from '@nestjs/common';
import { PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import {
  ApiBearerAuth,
  ApiSecurity,
  DECORATORS,
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { IS_PUBLIC } from '../common/http/public.decorator.js';
import { REPLY_SCHEMAS } from '../common/openapi/reply-schemas.js';
import { SERVER_VERSION } from '../common/server-version.js';
import { describeDto } from './dto-schemas.js';

// Swagger UI uses inline styles, never inline scripts; everything else keeps `default-src 'none'`.
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The OpenAPI document at /docs-json and the Swagger UI at /docs (public, not rate-limited). */
export function setupDocs(app: INestApplication): void {
  app.use('/docs', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    next();
  });
  SwaggerModule.setup('docs', app, () => openApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    raw: ['json'],
    customSiteTitle: 'crm-bridge API',
  });
}

export function openApiDocument(app: INestApplication): OpenAPIObject {
  describeRoutes(app);
  const config = new DocumentBuilder()
    .setTitle('crm-bridge')
    .setDescription(
      'Adapter server between a telephony client app and CRMs. Routes marked with a lock need the ' +
        'session token from /apiKeyLogin or /oauth-callback, as a Bearer token or the jwtToken ' +
        'query parameter.',
    )
    .setVersion(SERVER_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'session')
    .addApiKey({ type: 'apiKey', in: 'query', name: 'jwtToken' }, 'jwtToken')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: { ...REPLY_SCHEMAS, ...document.components?.schemas },
  };
  return document;
}

const describedHandlers = new WeakSet<object>();

function describeRoutes(app: INestApplication): void {
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        if (describedHandlers.has(handler)) continue;
        describedHandlers.add(handler);
        describeParameters(controller, name);
        const isPublic =
          Reflect.getMetadata(IS_PUBLIC, handler) === true ||
          Reflect.getMetadata(IS_PUBLIC, controller) === true;
        if (!isPublic) {
          const descriptor = Object.getOwnPropertyDescriptor(proto, name)!;
          ApiBearerAuth('session')(proto, name, descriptor);
          ApiSecurity('jwtToken')(proto, name, descriptor);
        }
      }
    }
  }
}

function describeParameters(controller: new (...args: never[]) => object, name: string): void {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
    string,
    { index: number; data?: unknown }
  >;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, name) ??
    []) as unknown[];
  for (const [key, arg] of Object.entries(args)) {
    const kind = Number(key.split(':')[0]);
    if (kind !== RouteParamtypes.BODY && kind !== RouteParamtypes.QUERY) continue;
    const type = types[arg.index];
    if (arg.data === undefined && typeof type === 'function' && type !== Object) {
      describeDto(type as new () => unknown);
    }
  }
  // A body read by a guard (Passport) is declared with @ApiBody({type}).
  const declared = (Reflect.getMetadata(
    DECORATORS.API_PARAMETERS,
    (controller.prototype as Record<string, object>)[name],
  ) ?? []) as { in?: string; type?: unknown }[];
  for (const parameter of declared) {
    if (parameter.in === 'body' && typeof parameter.type === 'function') {
      describeDto(parameter.type as new () => unknown);
    }
  }
}
