import { configModuleFor, validateConfig } from './config/config.module.js';
import type { Env } from './config/define-config.js';
import { declarativeProvidersConfig } from './providers/declarative-providers.config.js';

/** Namespaces defined above src/config: the declarative provider files, read by their loader. */
const ADAPTER_CONFIGS = [declarativeProvidersConfig];

/** Every namespace of the app as one global ConfigModule, read from `env`. */
export function appConfigModule(env: Env) {
  return configModuleFor(env, ADAPTER_CONFIGS);
}

/** Reads every namespace once so a bad value stops start-up before anything listens. */
export function assertValidConfig(env: Env): void {
  validateConfig(env, ADAPTER_CONFIGS);
}
