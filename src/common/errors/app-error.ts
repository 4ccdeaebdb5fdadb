import type { ReturnMessage } from '../envelope.js';

/** Failures of our own (not the CRM's), each with one fixed answer from the exception filter. */
export type AppErrorCode =
  | 'INVALID_REQUEST'
  | 'SESSION_INVALID'
  | 'FORBIDDEN'
  | 'PLATFORM_NOT_FOUND'
  | 'ROUTE_NOT_FOUND'
  | 'RECORD_NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'LOGIN_REJECTED'
  | 'LOGIN_FIELDS_MISSING'
  | 'LOGIN_UNAVAILABLE'
  | 'SERVICE_UNAVAILABLE';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    /** Safe to show to the client: no secrets, no internals. */
    message: string,
    readonly returnMessage?: ReturnMessage,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static invalidRequest(detail: string): AppError {
    return new AppError('INVALID_REQUEST', `Invalid request: ${detail}`);
  }
}

export const SESSION_INVALID_MESSAGE = 'Please go to Settings and authorize CRM platform';

/** The 503 body while the database cannot be reached (docs/client-contract.md, Conventions). */
export const SERVICE_UNAVAILABLE_MESSAGE =
  'Service temporarily unavailable. Please try again in a few seconds.';
