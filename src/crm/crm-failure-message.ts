import type { CrmError } from './crm-error.js';
import { detailLines, returnMessage, type ReturnMessage } from '../common/envelope.js';

/** The one client-facing message per CRM error code (docs/client-contract.md, Conventions). */
export function crmFailureMessage(error: CrmError): ReturnMessage {
  const crm = error.crm ?? 'The CRM';
  switch (error.code) {
    case 'RATE_LIMITED':
      return returnMessage(
        'Rate limit exceeded',
        'warning',
        5000,
        detailLines(
          'Details',
          `${crm} is receiving too many requests.`,
          error.retryAfterSeconds !== undefined
            ? `Please try again in ${error.retryAfterSeconds} seconds.`
            : 'Please try again later.',
        ),
      );
    case 'AUTH_EXPIRED':
    case 'SESSION_REVOKED':
      return returnMessage(
        'Authorization error',
        'warning',
        5000,
        detailLines(
          'Details',
          `${crm} refused the stored credentials.`,
          'Please log out and connect again.',
        ),
      );
    case 'NOT_FOUND':
      return returnMessage(`Not found in ${crm}`, 'warning', 3000);
    case 'INVALID_INPUT':
      return returnMessage(
        `${crm} rejected the request`,
        'warning',
        5000,
        error.safeMessage ? detailLines('Details', error.safeMessage) : undefined,
      );
    case 'BUSY':
      return returnMessage(
        'Server busy',
        'warning',
        5000,
        detailLines(
          'Details',
          `The server is handling too many requests to ${crm} right now; nothing was sent to it.`,
          `Please try again in ${BUSY_RETRY_AFTER_SECONDS} seconds.`,
        ),
      );
    case 'UNSUPPORTED':
      return returnMessage(`${crm} does not support this action`, 'warning', 3000);
    case 'UNAVAILABLE':
      return error.timedOut
        ? returnMessage(
            'The CRM did not respond in time',
            'warning',
            5000,
            detailLines('Details', `${crm} did not answer in time. Please try again.`),
          )
        : returnMessage(
            `${crm} is unavailable`,
            'warning',
            5000,
            detailLines('Details', 'Please try again later.'),
          );
  }
}

export const BUSY_RETRY_AFTER_SECONDS = 5;

export const SERVER_BUSY_ERROR_CODE = 'SERVER_BUSY';

export const SESSION_REVOKED_REPLY = {
  successful: false,
  errorCode: 'CRM_SESSION_REVOKED',
  returnMessage: returnMessage('User session expired. Please connect again.', 'warning', 5000),
} as const;
