import type { Envelope } from '../common/envelope.js';
import { isCrmError, type CrmError } from './crm-error.js';
import { crmFailureMessage } from './crm-failure-message.js';

/**
 * Passes a CRM failure that a route answers itself (200, `successful: false`); throws anything
 * else again, a revoked session included, which must reach the exception filter (401).
 */
export function assertSoftCrmFailure(error: unknown): asserts error is CrmError {
  if (!isCrmError(error) || error.code === 'SESSION_REVOKED') throw error;
}

/** The soft reply to a CRM failure: its client-facing message, plus the route's own fields. */
export function softCrmFailure(error: unknown, fields: Record<string, unknown> = {}): Envelope {
  assertSoftCrmFailure(error);
  return { successful: false, returnMessage: crmFailureMessage(error), ...fields };
}
