import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { defineConfig, envBool } from './define-config.js';

/** Prometheus metrics at GET /metrics. */
export class MetricsConfig {
  @IsBoolean({ message: 'METRICS_ENABLED must be true or false' })
  enabled: boolean;

  @IsOptional()
  @Matches(/^[\x21-\x7e]{16,256}$/, {
    message: 'METRICS_TOKEN must be 16-256 printable characters without spaces',
  })
  token?: string;
}

export const metricsConfig = defineConfig('metrics', MetricsConfig, (env) => ({
  enabled: envBool(env.METRICS_ENABLED, true),
  token: env.METRICS_TOKEN?.trim() || undefined,
}));
