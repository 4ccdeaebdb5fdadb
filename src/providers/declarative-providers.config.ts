import { getConfigToken, registerAs } from '@nestjs/config';
import { loadDeclarativeFiles, type ResolvedDefinition } from './declarative/declarative-loader.js';
import { fieldCrmDefinition } from './field-crm/field-crm-json.binding.js';
import type { ConfigDefinition, Env } from '../config/define-config.js';

export interface DeclarativeProvidersConfig {
  /** DECLARATIVE_PROVIDERS' files (and field CRM's when FIELD_CRM_URL is set), schema-checked, env read. */
  readonly definitions: readonly ResolvedDefinition[];
}

const NAMESPACE = 'declarativeProviders';

function read(env: Env): DeclarativeProvidersConfig {
  const paths = (env.DECLARATIVE_PROVIDERS ?? '')
    .split(',')
    .map((path) => path.trim())
    .filter(Boolean);
  // Throws DeclarativeProviderError (a ConfigError): one line per mistake, per file.
  const bundled = fieldCrmDefinition(env);
  return Object.freeze({
    definitions: Object.freeze(loadDeclarativeFiles(paths, env, bundled ? [bundled] : [])),
  });
}

/** Declarative provider files, kept as loaded (class-transformer would copy them key by key). */
export const declarativeProvidersConfig: ConfigDefinition<DeclarativeProvidersConfig> = {
  KEY: getConfigToken(NAMESPACE),
  read,
  load: (env) =>
    registerAs(NAMESPACE, () => read(env) as unknown as Record<string, unknown>) as ReturnType<
      ConfigDefinition<DeclarativeProvidersConfig>['load']
    >,
};
