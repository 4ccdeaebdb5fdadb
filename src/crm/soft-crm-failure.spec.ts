import { CrmError } from './crm-error.js';
import { crmFailureMessage } from './crm-failure-message.js';
import { softCrmFailure } from './soft-crm-failure.js';

describe('softCrmFailure', () => {
  it('answers a CRM failure softly, with its message and the route’s fields', () => {
    const error = new CrmError('UNAVAILABLE', 'down', { crm: 'Stub CRM' });
    expect(softCrmFailure(error, { contact: [] })).toEqual({
      successful: false,
      returnMessage: crmFailureMessage(error),
      contact: [],
    });
  });

  it('throws a revoked session and any other error again', () => {
    const revoked = new CrmError('SESSION_REVOKED', 'revoked');
    expect(() => softCrmFailure(revoked)).toThrow(revoked);
    const bug = new TypeError('bug');
    expect(() => softCrmFailure(bug)).toThrow(bug);
  });
});
