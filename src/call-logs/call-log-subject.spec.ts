import { callLogSubject } from './call-log-subject.js';

describe('callLogSubject', () => {
  it.each([
    ['Inbound', 'Inbound Call from Jane Doe'],
    ['Outbound', 'Outbound Call to Jane Doe'],
    [undefined, 'Call with Jane Doe'],
  ] as const)('direction %s names the contact: %s', (direction, subject) => {
    expect(callLogSubject({ direction, contactName: 'Jane Doe' })).toBe(subject);
  });

  it('prefers a non-blank customSubject', () => {
    expect(
      callLogSubject({ customSubject: ' Renewal ', direction: 'Inbound', contactName: 'Jane' }),
    ).toBe('Renewal');
    expect(callLogSubject({ customSubject: '  ', contactName: 'Jane' })).toBe('Call with Jane');
  });

  it('names no one when there is no contact name', () => {
    expect(callLogSubject({ contactName: '' })).toBe('Call');
    expect(callLogSubject({ direction: 'Outbound', contactName: ' ' })).toBe('Outbound Call');
    expect(callLogSubject({ direction: 'Inbound', contactName: '' })).toBe('Inbound Call');
  });
});
