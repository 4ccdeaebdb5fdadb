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
  | 'BUSY';

/** What is known of a failure; `status` is for logs, never sent to the client. */
export interface CrmErrorDetails {
  status?: number;
  retryAfterSeconds?: number;
  timedOut?: boolean;
  /** The request may have taken effect without an answer: a write must not be assumed failed. */
  outcomeUnknown?: boolean;
  /** The request never reached the CRM: sending it again is safe. */
  notSent?: boolean;
  circuitOpen?: boolean;
  safeMessage?: string;
  crmMessage?: string;
  body?: unknown;
  operation?: string;
  crm?: string;
  cause?: unknown;
}

/** A failed CRM call: the code decides the client's message; `message` is for logs, secret-free. */
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

  forCrm(crm: string): CrmError {
    if (this.crm) return this;
    return this.with({ crm });
  }

  /** With the CRM's error text a provider found in the answer (shown for invalid input). */
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

export const ERROR_BODY_LIMIT = 8192;

/** The CRM's error answer, redacted; undefined if empty or too long (cut JSON would not parse). */
export function crmErrorBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  if (text.length > ERROR_BODY_LIMIT) return undefined;
  try {
    return redactValue(JSON.parse(text));
  } catch {
    return redactText(text);
  }
}

export function cleanCrmMessage(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const clean = redactText(text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim());
  if (clean === '') return undefined;
  return clean.length > 300 ? `${clean.slice(0, 297)}...` : clean;
}
