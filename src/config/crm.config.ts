import { IsInt, Max, Min } from 'class-validator';
import { defineConfig, envInt } from './define-config.js';

// The client waits 30 s; the CRM gets that minus 5 s.
export const DEFAULT_CRM_TIMEOUT_MS = 25000;

/** CRM call budget, retries, breaker and bulkhead; a provider's `http` may override them. */
export class CrmConfig {
  @IsInt({ message: 'CRM_TIMEOUT_MS must be an integer' })
  @Min(100, { message: 'CRM_TIMEOUT_MS must be at least 100' })
  @Max(120000, { message: 'CRM_TIMEOUT_MS must be at most 120000' })
  timeoutMs: number;

  @IsInt({ message: 'CRM_ATTEMPT_TIMEOUT_MS must be an integer' })
  @Min(100, { message: 'CRM_ATTEMPT_TIMEOUT_MS must be at least 100' })
  @Max(120000, { message: 'CRM_ATTEMPT_TIMEOUT_MS must be at most 120000' })
  attemptTimeoutMs: number;

  @IsInt({ message: 'CRM_CONNECT_TIMEOUT_MS must be an integer' })
  @Min(100, { message: 'CRM_CONNECT_TIMEOUT_MS must be at least 100' })
  @Max(60000, { message: 'CRM_CONNECT_TIMEOUT_MS must be at most 60000' })
  connectTimeoutMs: number;

  @IsInt({ message: 'CRM_MAX_ATTEMPTS must be an integer' })
  @Min(1, { message: 'CRM_MAX_ATTEMPTS must be at least 1' })
  @Max(10, { message: 'CRM_MAX_ATTEMPTS must be at most 10' })
  maxAttempts: number;

  @IsInt({ message: 'CRM_RETRY_BASE_DELAY_MS must be an integer' })
  @Min(0, { message: 'CRM_RETRY_BASE_DELAY_MS must be at least 0' })
  @Max(10000, { message: 'CRM_RETRY_BASE_DELAY_MS must be at most 10000' })
  retryBaseDelayMs: number;

  @IsInt({ message: 'CRM_RETRY_MAX_DELAY_MS must be an integer' })
  @Min(0, { message: 'CRM_RETRY_MAX_DELAY_MS must be at least 0' })
  @Max(60000, { message: 'CRM_RETRY_MAX_DELAY_MS must be at most 60000' })
  retryMaxDelayMs: number;

  @IsInt({ message: 'CRM_RETRY_AFTER_CAP_SECONDS must be an integer' })
  @Min(0, { message: 'CRM_RETRY_AFTER_CAP_SECONDS must be at least 0' })
  @Max(120, { message: 'CRM_RETRY_AFTER_CAP_SECONDS must be at most 120' })
  retryAfterCapSeconds: number;

  @IsInt({ message: 'CRM_BREAKER_THRESHOLD must be an integer' })
  @Min(1, { message: 'CRM_BREAKER_THRESHOLD must be at least 1' })
  @Max(1000, { message: 'CRM_BREAKER_THRESHOLD must be at most 1000' })
  breakerThreshold: number;

  @IsInt({ message: 'CRM_BREAKER_HALF_OPEN_MS must be an integer' })
  @Min(100, { message: 'CRM_BREAKER_HALF_OPEN_MS must be at least 100' })
  @Max(600000, { message: 'CRM_BREAKER_HALF_OPEN_MS must be at most 600000' })
  breakerHalfOpenMs: number;

  @IsInt({ message: 'CRM_MAX_CONCURRENT must be an integer' })
  @Min(1, { message: 'CRM_MAX_CONCURRENT must be at least 1' })
  @Max(1000, { message: 'CRM_MAX_CONCURRENT must be at most 1000' })
  maxConcurrent: number;

  @IsInt({ message: 'CRM_MAX_QUEUED must be an integer' })
  @Min(0, { message: 'CRM_MAX_QUEUED must be at least 0' })
  @Max(10000, { message: 'CRM_MAX_QUEUED must be at most 10000' })
  maxQueued: number;
}

export const crmConfig = defineConfig('crm', CrmConfig, (env) => ({
  timeoutMs: envInt(env.CRM_TIMEOUT_MS, DEFAULT_CRM_TIMEOUT_MS),
  attemptTimeoutMs: envInt(env.CRM_ATTEMPT_TIMEOUT_MS, 10000),
  connectTimeoutMs: envInt(env.CRM_CONNECT_TIMEOUT_MS, 5000),
  maxAttempts: envInt(env.CRM_MAX_ATTEMPTS, 3),
  retryBaseDelayMs: envInt(env.CRM_RETRY_BASE_DELAY_MS, 200),
  retryMaxDelayMs: envInt(env.CRM_RETRY_MAX_DELAY_MS, 2000),
  retryAfterCapSeconds: envInt(env.CRM_RETRY_AFTER_CAP_SECONDS, 10),
  breakerThreshold: envInt(env.CRM_BREAKER_THRESHOLD, 5),
  breakerHalfOpenMs: envInt(env.CRM_BREAKER_HALF_OPEN_MS, 10000),
  maxConcurrent: envInt(env.CRM_MAX_CONCURRENT, 20),
  maxQueued: envInt(env.CRM_MAX_QUEUED, 1000),
}));
