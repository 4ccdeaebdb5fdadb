/** Why a CRM call failed, independent of the CRM. Each code has one client-facing message. */
export type CrmErrorCode =
  | 'AUTH_EXPIRED'
  | 'SESSION_REVOKED'
  | 'RATE_LIMITED'
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'UNAVAILABLE'
  | 'UNSUPPORTED'
  /** Not the CRM: this instance's own concurrency limit towards it had no slot in time. */
  | 'BUSY';

export interface CrmErrorDetails {
  /** HTTP status the CRM answered with, if any. Kept for logs, never sent to the client. */
  status?: number;
  /** Seconds the CRM asked us to wait (429 Retry-After). */
  retryAfterSeconds?: number;
  /** The CRM did not answer within the time budget (the outcome of a write is unknown). */
  timedOut?: boolean;
  /**
   * The request may have reached the CRM and taken effect although no answer came back (a timeout,
   * or the connection dropped after sending). A write must not be assumed to have failed.
   */
  outcomeUnknown?: boolean;
  /** The request never reached the CRM (no connection could be made): sending it again is safe. */
  notSent?: boolean;
  /** Refused without calling the CRM because its circuit breaker is open. */
  circuitOpen?: boolean;
  /** Validation text from the CRM that is safe to show to the user (no payload, no secrets). */
  safeMessage?: string;
  /** The provider operation that failed, for logs and metrics. */
  operation?: string;
  /** The CRM's display name, for the client's message. */
  crm?: string;
  cause?: unknown;
}

/**
 * A failed CRM call. Providers and the CrmHttpClient throw it; the exception filter turns the code
 * into the client's envelope. The message is for logs only and must not contain secrets.
 */
export class CrmError extends Error {
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly timedOut: boolean;
  readonly outcomeUnknown: boolean;
  readonly notSent: boolean;
  readonly circuitOpen: boolean;
  readonly safeMessage?: string;
  readonly operation?: string;
  readonly crm?: string;

  constructor(
    readonly code: CrmErrorCode,
    message: string,
    details: CrmErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'CrmError';
    this.status = details.status;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.timedOut = details.timedOut ?? false;
    this.outcomeUnknown =
      details.outcomeUnknown ?? (details.timedOut === true && details.notSent !== true);
    this.notSent = details.notSent ?? false;
    this.circuitOpen = details.circuitOpen ?? false;
    this.safeMessage = details.safeMessage;
    this.operation = details.operation;
    this.crm = details.crm;
  }

  /** The same failure, named after a CRM (the client's message says which CRM failed). */
  forCrm(crm: string): CrmError {
    if (this.crm) return this;
    return this.with({ crm });
  }

  /** A copy with some details changed. */
  with(changes: CrmErrorDetails): CrmError {
    return new CrmError(this.code, this.message, { ...this.details(), ...changes });
  }

  private details(): CrmErrorDetails {
    return {
      status: this.status,
      retryAfterSeconds: this.retryAfterSeconds,
      timedOut: this.timedOut,
      outcomeUnknown: this.outcomeUnknown,
      notSent: this.notSent,
      circuitOpen: this.circuitOpen,
      safeMessage: this.safeMessage,
      operation: this.operation,
      crm: this.crm,
      cause: this.cause,
    };
  }
}

export const isCrmError = (error: unknown): error is CrmError => error instanceof CrmError;
