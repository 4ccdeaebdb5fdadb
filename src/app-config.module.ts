import { configModuleFor, validateConfig } from './config/config.module.js';
import type { Env } from './config/define-config.js';
import { declarativeProvidersConfig } from './providers/declarative-providers.config.js';

const ADAPTER_CONFIGS = [declarativeProvidersConfig];

/** Every namespace of the app as one global ConfigModule, read from `env`. */
export function appConfigModule(env: Env) {
  return configModuleFor(env, ADAPTER_CONFIGS);
}

export function assertValidConfig(env: Env): void {
  validateConfig(env, ADAPTER_CONFIGS);
}
