import { IsInt, Max, Min } from 'class-validator';
import { defineConfig, envInt } from './define-config.js';

export class CrmConfig {
  /** Outbound budget per CRM call: the client's 30 s timeout minus 5 s by default. */
  @IsInt({ message: 'CRM_TIMEOUT_MS must be an integer' })
  @Min(100, { message: 'CRM_TIMEOUT_MS must be at least 100' })
  @Max(120000, { message: 'CRM_TIMEOUT_MS must be at most 120000' })
  timeoutMs: number;
}

export const crmConfig = defineConfig('crm', CrmConfig, (env) => ({
  timeoutMs: envInt(env.CRM_TIMEOUT_MS, 25000),
}));
