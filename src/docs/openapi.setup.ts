import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import {
  ApiBearerAuth,
  ApiSecurity,
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { IS_PUBLIC } from '../common/http/public.decorator.js';
import { REPLY_SCHEMAS } from '../common/openapi/reply-schemas.js';
import { SERVER_VERSION } from '../common/server-version.js';

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

/** What scripts/generate-openapi-metadata.mjs writes to src/metadata.ts: the DTOs' schemas. */
export type PluginMetadata = () => Promise<Record<string, unknown>>;

/** The OpenAPI document at /docs-json and the Swagger UI at /docs (public, not rate-limited). */
export async function setupDocs(
  app: NestFastifyApplication,
  metadata: PluginMetadata,
): Promise<void> {
  await SwaggerModule.loadPluginMetadata(metadata);
  // On the docs' own routes only, so no other request pays for the check.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      if (!/^\/docs(?:\/|$)/.test(route.url)) return;
      route.onRequest = [route.onRequest ?? []].flat().concat((_req, reply, done) => {
        reply.header('content-security-policy', DOCS_CSP);
        done();
      });
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
