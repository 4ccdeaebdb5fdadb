import { Logger } from '@nestjs/common';
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  fullJitterGenerator,
  handleWhen,
  type CircuitBreakerPolicy,
  type IBackoff,
} from 'cockatiel';
import { BulkheadFullError, BulkheadWaitTimeoutError, CrmBulkhead } from './crm-bulkhead.js';
import { CrmError, type CrmErrorCode, type CrmErrorDetails } from './crm-error.js';

export interface CrmCallSettings {
  attemptTimeoutMs: number;
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  retryAfterCapSeconds: number;
}

/** One CRM call; `deadline`: when the request's CRM budget ends (epoch ms). */
export interface CrmCall<T> {
  deadline: number;
  retrySafe: boolean;
  /** An error answer proves no effect (a token grant's 429/5xx), so it may be retried. */
  retryErrorAnswers?: boolean;
  lookupBeforeRetry?: () => Promise<T | undefined>;
  /** The error for a call refused before the CRM was asked (breaker open, no slot, no time). */
  refuse(code: CrmErrorCode, what: string, details: CrmErrorDetails): CrmError;
  label: string;
  operation?: string;
}

export interface CrmAttemptRecord {
  label: string;
  attempt: number;
  outcome: 'ok' | CrmErrorCode;
  status?: number;
  timedOut?: boolean;
  durationMs: number;
}

export interface CrmCallRecord {
  operation: string;
  outcome: 'ok' | CrmErrorCode | 'error';
  attempts: number;
  durationMs: number;
}

type AttemptResult<T> = { ok: true; value: T } | { ok: false; error: CrmError; refused: boolean };

const MIN_ATTEMPT_MS = 100;

export function createCrmBreaker(threshold: number, halfOpenAfterMs: number): CircuitBreakerPolicy {
  return circuitBreaker(
    handleWhen((error) => error instanceof CrmError && error.code === 'UNAVAILABLE'),
    { halfOpenAfter: halfOpenAfterMs, breaker: new ConsecutiveBreaker(threshold) },
  );
}

export function createCrmBulkhead(maxConcurrent: number, maxQueued: number): CrmBulkhead {
  return new CrmBulkhead(maxConcurrent, maxQueued);
}

/** Attempts one CRM call within its deadline, retrying only what is safe (docs/providers.md). */
export class CrmCallPolicy {
  constructor(
    readonly settings: CrmCallSettings,
    readonly breaker: CircuitBreakerPolicy,
    readonly bulkhead: CrmBulkhead,
    private readonly observe: (attempt: CrmAttemptRecord) => void = (attempt) =>
      logAttempt(attempt),
    private readonly onCall?: (call: CrmCallRecord) => void,
  ) {}

  async execute<T>(call: CrmCall<T>, send: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (!this.onCall) return this.run(call, send, { attempts: 0 });
    const started = performance.now();
    const progress = { attempts: 0 };
    let outcome: CrmCallRecord['outcome'] = 'error';
    try {
      const value = await this.run(call, send, progress);
      outcome = 'ok';
      return value;
    } catch (error) {
      if (error instanceof CrmError) outcome = error.code;
      throw error;
    } finally {
      this.onCall({
        operation: call.operation ?? 'unnamed',
        outcome,
        attempts: progress.attempts,
        durationMs: performance.now() - started,
      });
    }
  }

  private async run<T>(
    call: CrmCall<T>,
    send: (signal: AbortSignal) => Promise<T>,
    progress: { attempts: number },
  ): Promise<T> {
    let backoff: IBackoff<unknown> | undefined;
    let outcomeUnknown = false;
    for (let attempt = 1; ; attempt += 1) {
      if (attempt > 1 && call.lookupBeforeRetry && !call.retrySafe) {
        const found = await call.lookupBeforeRetry().catch((error: unknown) => {
          throw error instanceof CrmError ? error.with({ outcomeUnknown: true }) : error;
        });
        if (found !== undefined) return found;
      }
      progress.attempts = attempt;
      const result = await this.attempt(call, attempt, send);
      if (result.ok) return result.value;
      const { error } = result;
      outcomeUnknown ||= error.outcomeUnknown;
      // Built at the first failure: most calls succeed at once.
      backoff = backoff
        ? backoff.next(undefined)
        : new ExponentialBackoff({
            generator: fullJitterGenerator,
            initialDelay: this.settings.retryBaseDelayMs,
            maxDelay: this.settings.retryMaxDelayMs,
          }).next();
      const delay = result.refused ? undefined : this.retryDelay(call, attempt, error, backoff);
      if (delay === undefined) {
        logGiveUp(error, attempt);
        throw outcomeUnknown === error.outcomeUnknown ? error : error.with({ outcomeUnknown });
      }
      await pause(delay);
    }
  }

  private retryDelay(
    call: CrmCall<unknown>,
    attempt: number,
    error: CrmError,
    backoff: IBackoff<unknown>,
  ): number | undefined {
    if (attempt >= this.settings.maxAttempts || !isRetryable(error)) return undefined;
    const resendable =
      error.notSent ||
      call.retrySafe ||
      call.lookupBeforeRetry !== undefined ||
      (call.retryErrorAnswers === true && error.status !== undefined && !error.outcomeUnknown);
    if (!resendable) return undefined;
    let delay = backoff.duration;
    if (error.retryAfterSeconds !== undefined) {
      if (error.retryAfterSeconds > this.settings.retryAfterCapSeconds) return undefined;
      delay = error.retryAfterSeconds * 1000;
    }
    if (Date.now() + delay + MIN_ATTEMPT_MS > call.deadline) return undefined;
    return delay;
  }

  private async attempt<T>(
    call: CrmCall<T>,
    attempt: number,
    send: (signal: AbortSignal) => Promise<T>,
  ): Promise<AttemptResult<T>> {
    const started = Date.now();
    const left = call.deadline - started;
    let result: AttemptResult<T>;
    if (left <= 0) {
      result = {
        ok: false,
        refused: true,
        error: call.refuse('UNAVAILABLE', 'not called: the time budget is spent', {
          timedOut: true,
          notSent: true,
        }),
      };
    } else {
      try {
        // Wait for a slot while an attempt still fits; the attempt's own time starts with its slot.
        const value = await this.bulkhead.execute(() => {
          const time = Math.max(
            1,
            Math.min(this.settings.attemptTimeoutMs, call.deadline - Date.now()),
          );
          return this.breaker.execute(() => withTimeout(time, send));
        }, left - MIN_ATTEMPT_MS);
        result = { ok: true, value };
      } catch (error) {
        result = { ok: false, ...this.classify(call, error) };
      }
    }
    this.observe({
      label: call.label,
      attempt,
      outcome: result.ok ? 'ok' : result.error.code,
      status: result.ok ? undefined : result.error.status,
      timedOut: result.ok ? undefined : result.error.timedOut,
      durationMs: Date.now() - started,
    });
    return result;
  }

  private classify(call: CrmCall<unknown>, error: unknown): { error: CrmError; refused: boolean } {
    if (error instanceof CrmError) return { error, refused: false };
    if (error instanceof BrokenCircuitError) {
      return {
        refused: true,
        error: call.refuse(
          'UNAVAILABLE',
          'not called: its circuit breaker is open after repeated failures',
          { circuitOpen: true, notSent: true },
        ),
      };
    }
    if (error instanceof BulkheadFullError) {
      return {
        refused: true,
        error: call.refuse(
          'BUSY',
          'not called: too many requests to this CRM are in flight and waiting here',
          { notSent: true },
        ),
      };
    }
    if (error instanceof BulkheadWaitTimeoutError) {
      return {
        refused: true,
        error: call.refuse('BUSY', 'not called: no free slot here within the time budget', {
          notSent: true,
        }),
      };
    }
    throw error;
  }
}

const attemptLogger = new Logger('CrmCalls');

function logAttempt(attempt: CrmAttemptRecord): void {
  attemptLogger.debug(
    `${attempt.label} attempt ${attempt.attempt}: ${attempt.outcome}${
      attempt.status === undefined ? '' : ` (status ${attempt.status})`
    }${attempt.timedOut ? ' (timed out)' : ''} in ${attempt.durationMs} ms`,
  );
}

function logGiveUp(error: CrmError, attempts: number): void {
  const line = `${error.message} (${error.code}${
    error.status === undefined ? '' : `, status ${error.status}`
  }, ${attempts} attempt${attempts === 1 ? '' : 's'})`;
  // An open breaker's refusals stay quiet: it was logged once, when it opened.
  if (error.circuitOpen) attemptLogger.debug(line);
  else attemptLogger.warn(line);
}

function isRetryable(error: CrmError): boolean {
  if (error.status === 429) return true;
  if (error.code !== 'UNAVAILABLE') return false;
  if (error.status === undefined) return true;
  return error.status >= 500 && error.status !== 501 && error.status !== 505;
}

/**
 * `send` with a signal that aborts after `ms` as AbortSignal.timeout's does (a TimeoutError), but
 * whose timer stops with the attempt: AbortSignal.timeout's stays armed, and fires, for the full time.
 */
async function withTimeout<T>(ms: number, send: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')),
    ms,
  );
  timer.unref();
  try {
    return await send(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A policy for a client used outside the server (tests, the provider kit). */
export function standaloneCrmCallPolicy(overrides: Partial<CrmCallSettings> = {}): CrmCallPolicy {
  return new CrmCallPolicy(
    {
      attemptTimeoutMs: 10_000,
      maxAttempts: 3,
      retryBaseDelayMs: 200,
      retryMaxDelayMs: 2000,
      retryAfterCapSeconds: 10,
      ...overrides,
    },
    createCrmBreaker(5, 10_000),
    createCrmBulkhead(20, 100),
  );
}
