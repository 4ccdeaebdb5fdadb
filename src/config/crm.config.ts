import { IsInt, Max, Min } from 'class-validator';
import { defineConfig, envInt } from './define-config.js';

/** The client waits 30 s; the CRM gets that minus 5 s (docs/client-contract.md, Conventions). */
export const DEFAULT_CRM_TIMEOUT_MS = 25000;

/**
 * How crm-bridge calls CRMs: the time budget, retries, circuit breaker and concurrency limit. A
 * provider may override the per-CRM values in its `http` declaration (docs/providers.md).
 */
export class CrmConfig {
  /**
   * The CRM budget of one client request, from its first CRM call: every attempt of every CRM
   * call made for it ends within this (the client's 30 s timeout minus 5 s by default).
   */
  @IsInt({ message: 'CRM_TIMEOUT_MS must be an integer' })
  @Min(100, { message: 'CRM_TIMEOUT_MS must be at least 100' })
  @Max(120000, { message: 'CRM_TIMEOUT_MS must be at most 120000' })
  timeoutMs: number;

  /** One attempt, from connecting to the last byte of the answer (less when the budget is short). */
  @IsInt({ message: 'CRM_ATTEMPT_TIMEOUT_MS must be an integer' })
  @Min(100, { message: 'CRM_ATTEMPT_TIMEOUT_MS must be at least 100' })
  @Max(120000, { message: 'CRM_ATTEMPT_TIMEOUT_MS must be at most 120000' })
  attemptTimeoutMs: number;

  /** Opening a connection (TCP and TLS) to the CRM. */
  @IsInt({ message: 'CRM_CONNECT_TIMEOUT_MS must be an integer' })
  @Min(100, { message: 'CRM_CONNECT_TIMEOUT_MS must be at least 100' })
  @Max(60000, { message: 'CRM_CONNECT_TIMEOUT_MS must be at most 60000' })
  connectTimeoutMs: number;

  /** Attempts per CRM call, the first included (1 = never retry). */
  @IsInt({ message: 'CRM_MAX_ATTEMPTS must be an integer' })
  @Min(1, { message: 'CRM_MAX_ATTEMPTS must be at least 1' })
  @Max(10, { message: 'CRM_MAX_ATTEMPTS must be at most 10' })
  maxAttempts: number;

  /** Backoff before the first retry is random in [0, base); it doubles per retry (full jitter). */
  @IsInt({ message: 'CRM_RETRY_BASE_DELAY_MS must be an integer' })
  @Min(0, { message: 'CRM_RETRY_BASE_DELAY_MS must be at least 0' })
  @Max(10000, { message: 'CRM_RETRY_BASE_DELAY_MS must be at most 10000' })
  retryBaseDelayMs: number;

  /** Upper bound of the doubled backoff. */
  @IsInt({ message: 'CRM_RETRY_MAX_DELAY_MS must be an integer' })
  @Min(0, { message: 'CRM_RETRY_MAX_DELAY_MS must be at least 0' })
  @Max(60000, { message: 'CRM_RETRY_MAX_DELAY_MS must be at most 60000' })
  retryMaxDelayMs: number;

  /** The longest Retry-After (429/503) waited for; a longer one fails the call at once. */
  @IsInt({ message: 'CRM_RETRY_AFTER_CAP_SECONDS must be an integer' })
  @Min(0, { message: 'CRM_RETRY_AFTER_CAP_SECONDS must be at least 0' })
  @Max(120, { message: 'CRM_RETRY_AFTER_CAP_SECONDS must be at most 120' })
  retryAfterCapSeconds: number;

  /** Consecutive failed attempts (network, timeout, 5xx) that open a CRM host's circuit breaker. */
  @IsInt({ message: 'CRM_BREAKER_THRESHOLD must be an integer' })
  @Min(1, { message: 'CRM_BREAKER_THRESHOLD must be at least 1' })
  @Max(1000, { message: 'CRM_BREAKER_THRESHOLD must be at most 1000' })
  breakerThreshold: number;

  /** How long an open breaker refuses calls before one probe call is let through (half-open). */
  @IsInt({ message: 'CRM_BREAKER_HALF_OPEN_MS must be an integer' })
  @Min(100, { message: 'CRM_BREAKER_HALF_OPEN_MS must be at least 100' })
  @Max(600000, { message: 'CRM_BREAKER_HALF_OPEN_MS must be at most 600000' })
  breakerHalfOpenMs: number;

  /** CRM requests in flight at once per CRM and instance (bulkhead). */
  @IsInt({ message: 'CRM_MAX_CONCURRENT must be an integer' })
  @Min(1, { message: 'CRM_MAX_CONCURRENT must be at least 1' })
  @Max(1000, { message: 'CRM_MAX_CONCURRENT must be at most 1000' })
  maxConcurrent: number;

  /**
   * CRM requests waiting for a slot (each for as long as its budget leaves time for an attempt);
   * beyond this, or with no slot in time, a call fails as BUSY ("Server busy"), the CRM not asked.
   */
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
