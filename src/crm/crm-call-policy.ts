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
  /** One attempt, connect to last byte; cut shorter when less of the budget is left. */
  attemptTimeoutMs: number;
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** Full-jitter exponential backoff: random in [0, min(max, base·2ⁿ)). */
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** The longest Retry-After waited for. */
  retryAfterCapSeconds: number;
}

/** One CRM call as the policy sees it. */
export interface CrmCall<T> {
  /** Epoch ms at which the request's CRM budget ends: no attempt runs past it. */
  deadline: number;
  /** Sending the request again cannot have a second effect (idempotent method, idempotency key). */
  retrySafe: boolean;
  /**
   * Not retry-safe, but an error answer shows the request had no effect (a token grant: the CRM
   * answers 429/5xx before it rotates anything): such answers are retried; a failure whose outcome
   * is unknown (timeout, dropped connection) is not.
   */
  retryErrorAnswers?: boolean;
  /**
   * For a request that is not retry-safe: looks for the effect of an earlier attempt (say, the
   * activity by its external id). What it finds is the answer; if it finds nothing, the request is
   * sent again.
   */
  lookupBeforeRetry?: () => Promise<T | undefined>;
  /** The error for a call refused before the CRM was asked (breaker open, no slot, no time). */
  refuse(code: CrmErrorCode, what: string, details: CrmErrorDetails): CrmError;
  /** `<CRM> <METHOD> <path>`, for logs. */
  label: string;
  /** The provider operation (`findContactsByPhone`...), for metrics; `unnamed` when absent. */
  operation?: string;
}

/** What one attempt came to: the single place where outcome and duration are known. */
export interface CrmAttemptRecord {
  label: string;
  attempt: number;
  outcome: 'ok' | CrmErrorCode;
  status?: number;
  timedOut?: boolean;
  durationMs: number;
}

/** What one whole call came to (every attempt included), when it returns or throws. */
export interface CrmCallRecord {
  operation: string;
  /** `error`: something other than a CrmError was thrown (a bug, not the CRM). */
  outcome: 'ok' | CrmErrorCode | 'error';
  attempts: number;
  durationMs: number;
}

type AttemptResult<T> =
  | { ok: true; value: T }
  /** `refused`: the policy itself said no (breaker, bulkhead, budget): never retried. */
  | { ok: false; error: CrmError; refused: boolean };

/** A retry needs this much of the budget left to be worth starting. */
const MIN_ATTEMPT_MS = 100;

/**
 * A CRM host's circuit breaker: `threshold` consecutive failed attempts (network error, timeout,
 * 5xx, an unreadable answer: CrmError UNAVAILABLE) open it; after `halfOpenAfterMs` one probe
 * call goes through, which closes it on success or opens it again.
 */
export function createCrmBreaker(threshold: number, halfOpenAfterMs: number): CircuitBreakerPolicy {
  return circuitBreaker(
    handleWhen((error) => error instanceof CrmError && error.code === 'UNAVAILABLE'),
    { halfOpenAfter: halfOpenAfterMs, breaker: new ConsecutiveBreaker(threshold) },
  );
}

/** A CRM's concurrency limit: `maxConcurrent` requests in flight, `maxQueued` waiting. */
export function createCrmBulkhead(maxConcurrent: number, maxQueued: number): CrmBulkhead {
  return new CrmBulkhead(maxConcurrent, maxQueued);
}

/**
 * How one CRM call is attempted. It promises:
 *
 * - **Bounded.** At most `maxAttempts` attempts, all within the call's deadline: each attempt's
 *   timeout is cut to what is left of the budget, and no retry starts that could not finish in it.
 * - **Retries only what is safe and worth it.** Network errors, timeouts, 5xx (not 501/505) and
 *   429 are retried when the request is retry-safe (idempotent method, idempotency key, or a
 *   lookup-before-retry), and a request that never reached the CRM (no connection) whatever it
 *   is. Everything else fails at once.
 * - **Waits politely.** Full-jitter exponential backoff between attempts, or the CRM's
 *   `Retry-After` when it is within `retryAfterCapSeconds`; a longer one (or one past the
 *   deadline) ends the call at once with the CRM's error (429 → RATE_LIMITED).
 * - **Protects the CRM and us.** Every attempt passes the CRM's bulkhead (a slot, or a place in the
 *   queue for as long as the budget leaves time for an attempt; a full queue or no slot in time →
 *   BUSY, the CRM not asked) and the host's circuit breaker (open → UNAVAILABLE at once).
 * - **Keeps what is known.** The final error is a CrmError; `outcomeUnknown` is set when any
 *   attempt may have taken effect unanswered, so callers never treat such a write as failed.
 */
export class CrmCallPolicy {
  constructor(
    readonly settings: CrmCallSettings,
    readonly breaker: CircuitBreakerPolicy,
    readonly bulkhead: CrmBulkhead,
    /** Sees every attempt once (metrics go here); logs at debug level by default. */
    private readonly observe: (attempt: CrmAttemptRecord) => void = (attempt) =>
      logAttempt(attempt),
    /** Sees every call once, when it completes or fails (metrics by operation). */
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
    const backoffs = new ExponentialBackoff({
      generator: fullJitterGenerator,
      initialDelay: this.settings.retryBaseDelayMs,
      maxDelay: this.settings.retryMaxDelayMs,
    });
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
      backoff = backoff ? backoff.next(undefined) : backoffs.next();
      const delay = result.refused ? undefined : this.retryDelay(call, attempt, error, backoff);
      if (delay === undefined) {
        logGiveUp(error, attempt);
        throw outcomeUnknown === error.outcomeUnknown ? error : error.with({ outcomeUnknown });
      }
      await pause(delay);
    }
  }

  /** Milliseconds to wait before the next attempt, or undefined to give up with `error`. */
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
        // A slot may be waited for while an attempt would still fit in the budget; the attempt's
        // own time starts with its slot.
        const value = await this.bulkhead.execute(() => {
          const time = Math.max(
            1,
            Math.min(this.settings.attemptTimeoutMs, call.deadline - Date.now()),
          );
          const signal = AbortSignal.timeout(time);
          return this.breaker.execute(() => send(signal));
        }, left - MIN_ATTEMPT_MS);
        result = { ok: true, value };
      } catch (error) {
        result = { ok: false, ...this.classify(call, error) };
      }
    }
    // The one place an attempt's outcome and duration are known.
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

/**
 * One line per failed CRM call, whoever catches the error: the CRM's status stays in the logs
 * (the client only gets the message for the code). Refusals of an open breaker are logged once,
 * when it opens.
 */
function logGiveUp(error: CrmError, attempts: number): void {
  const line = `${error.message} (${error.code}${
    error.status === undefined ? '' : `, status ${error.status}`
  }, ${attempts} attempt${attempts === 1 ? '' : 's'})`;
  if (error.circuitOpen) attemptLogger.debug(line);
  else attemptLogger.warn(line);
}

/** Failures another attempt may cure: 429, and unavailability other than "not implemented". */
function isRetryable(error: CrmError): boolean {
  if (error.status === 429) return true;
  if (error.code !== 'UNAVAILABLE') return false;
  if (error.status === undefined) return true;
  return error.status >= 500 && error.status !== 501 && error.status !== 505;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A policy for a client used outside the server (tests, the provider kit): the server's default
 * attempts and backoff, its own breaker and bulkhead. `overrides` changes any setting.
 */
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
