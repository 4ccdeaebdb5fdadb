import { IsInt, Max, Min } from 'class-validator';
import { defineConfig, envInt } from './define-config.js';

/** Graceful shutdown on SIGTERM/SIGINT. */
export class ShutdownConfig {
  @IsInt({ message: 'SHUTDOWN_GRACE_MS must be an integer' })
  @Min(0, { message: 'SHUTDOWN_GRACE_MS must be between 0 and 600000' })
  @Max(600_000, { message: 'SHUTDOWN_GRACE_MS must be between 0 and 600000' })
  graceMs: number;
}

export const shutdownConfig = defineConfig('shutdown', ShutdownConfig, (env) => ({
  graceMs: envInt(env.SHUTDOWN_GRACE_MS, 10_000),
}));
