import { ConfigModule } from '@nestjs/config';
import { activityLogsConfig } from './activity-logs.config.js';
import { appConfig } from './app.config.js';
import { cacheConfig } from './cache.config.js';
import { clusterConfig } from './cluster.config.js';
import { crmConfig } from './crm.config.js';
import { crmHostsConfig } from './crm-hosts.config.js';
import { databaseConfig } from './database.config.js';
import { docsConfig } from './docs.config.js';
import { httpConfig } from './http.config.js';
import { metricsConfig } from './metrics.config.js';
import { oauthConfig } from './oauth.config.js';
import { rateLimitConfig } from './rate-limit.config.js';
import { redisConfig } from './redis.config.js';
import { ringCentralConfig } from './ringcentral.config.js';
import type { ConfigDefinition, Env } from './define-config.js';
import { sampleCrmConfig } from './sample-crm.config.js';
import { securityConfig } from './security.config.js';
import { shutdownConfig } from './shutdown.config.js';

export const CONFIG_DEFINITIONS = [
  appConfig,
  httpConfig,
  databaseConfig,
  securityConfig,
  oauthConfig,
  cacheConfig,
  crmConfig,
  crmHostsConfig,
  activityLogsConfig,
  sampleCrmConfig,
  rateLimitConfig,
  redisConfig,
  metricsConfig,
  docsConfig,
  shutdownConfig,
  clusterConfig,
  ringCentralConfig,
];

/**
 * Every feature's config read from `env` (each variable is in docs/configuration.md), plus `more`
 * namespaces defined above this layer.
 */
export function configModuleFor(env: Env, more: readonly ConfigDefinition<unknown>[] = []) {
  return ConfigModule.forRoot({
    isGlobal: true,
    ignoreEnvFile: true,
    load: [...CONFIG_DEFINITIONS, ...more].map((definition) => definition.load(env)),
  });
}

/** Reads every namespace once so a bad value stops start-up before anything listens. */
export function validateConfig(env: Env, more: readonly ConfigDefinition<unknown>[] = []): void {
  for (const definition of [...CONFIG_DEFINITIONS, ...more]) definition.read(env);
}
