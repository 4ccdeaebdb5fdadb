import { InvalidPhoneNumberError } from './invalid-phone-number-error.js';

describe('InvalidPhoneNumberError', () => {
  it('names itself and keeps the reason and the cause', () => {
    const cause = new Error('parser said no');
    const error = new InvalidPhoneNumberError('not-possible', '+1415555010', { cause });

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InvalidPhoneNumberError');
    expect(error.reason).toBe('not-possible');
    expect(error.input).toBe('+1415555010');
    expect(error.cause).toBe(cause);
    expect(error.message).toBe(
      'Phone number "+1415555010" is not a possible number for its country calling code',
    );
  });

  it('quotes at most 32 characters of a huge input', () => {
    const error = new InvalidPhoneNumberError('not-e164', `+${'9'.repeat(10_000)}`);

    expect(error.input).toBe(`+${'9'.repeat(31)}…`);
    expect(error.message).toContain(`"+${'9'.repeat(31)}…"`);
    expect(error.message).not.toContain('9'.repeat(32));
    expect(error.message.length).toBeLessThan(120);
  });

  it('escapes control characters so the input cannot forge log lines', () => {
    const error = new InvalidPhoneNumberError('not-e164', '+1\nERROR forged\u001b[31m');

    expect(error.message).not.toContain('\n');
    expect(error.message).not.toContain('\u001b');
    expect(error.message).toContain('\\n');
  });
});
