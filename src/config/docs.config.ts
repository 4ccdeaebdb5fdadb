import { IsBoolean } from 'class-validator';
import { defineConfig, envBool } from './define-config.js';

/** The OpenAPI document (GET /docs-json) and its UI (GET /docs). */
export class DocsConfig {
  @IsBoolean({ message: 'DOCS_ENABLED must be true or false' })
  enabled: boolean;
}

export const docsConfig = defineConfig('docs', DocsConfig, (env) => ({
  enabled: envBool(env.DOCS_ENABLED, true),
}));
