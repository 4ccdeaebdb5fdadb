import { redactText, redactValue } from '../common/logging/redact.js';

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
  /** The CRM's own error text (its `message`, nested or not), sanitized and capped, for logs. */
  crmMessage?: string;
  /**
   * The CRM's error answer: parsed JSON (or the text), at most ERROR_BODY_LIMIT characters, secret
   * fields redacted. For providers that read more of it (a 409 naming the existing record).
   */
  body?: unknown;
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
  readonly crmMessage?: string;
  readonly body?: unknown;
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
    this.crmMessage = details.crmMessage;
    this.body = details.body;
    this.operation = details.operation;
    this.crm = details.crm;
  }

  /** The same failure, named after a CRM (the client's message says which CRM failed). */
  forCrm(crm: string): CrmError {
    if (this.crm) return this;
    return this.with({ crm });
  }

  /**
   * The same failure with the CRM's own error text found elsewhere in its answer (a provider that
   * knows where its CRM puts it): on the log line, and shown to the user for invalid input.
   */
  withCrmMessage(text: string): CrmError {
    const clean = cleanCrmMessage(text);
    if (!clean) return this;
    const old = this.crmMessage === undefined ? '' : `: ${JSON.stringify(this.crmMessage)}`;
    const base =
      old && this.message.endsWith(old) ? this.message.slice(0, -old.length) : this.message;
    return new CrmError(this.code, `${base}: ${JSON.stringify(clean)}`, {
      ...this.details(),
      crmMessage: clean,
      safeMessage: this.code === 'INVALID_INPUT' ? clean : this.safeMessage,
    });
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
      crmMessage: this.crmMessage,
      body: this.body,
      operation: this.operation,
      crm: this.crm,
      cause: this.cause,
    };
  }
}

export const isCrmError = (error: unknown): error is CrmError => error instanceof CrmError;

/** The most of a CRM's error answer kept on a CrmError (characters of its text). */
export const ERROR_BODY_LIMIT = 8192;

/**
 * A CRM's error answer as kept on CrmError.body: parsed JSON with secret-named fields redacted, or
 * the text with secrets redacted; undefined when empty or over ERROR_BODY_LIMIT (never a prefix of
 * JSON, which would not parse).
 */
export function crmErrorBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  if (text.length > ERROR_BODY_LIMIT) return undefined;
  try {
    return redactValue(JSON.parse(text));
  } catch {
    return redactText(text);
  }
}

/** A CRM's error text fit for a log line and a user message: one line, secrets redacted, capped. */
export function cleanCrmMessage(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const clean = redactText(text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim());
  if (clean === '') return undefined;
  return clean.length > 300 ? `${clean.slice(0, 297)}...` : clean;
}
