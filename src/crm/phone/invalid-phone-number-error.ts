/** What was wrong with a phone number the client sent. */
export type InvalidPhoneNumberReason = 'missing' | 'not-e164' | 'not-possible' | 'bad-extension';

const PREVIEW_LENGTH = 32;

const MESSAGES: Record<InvalidPhoneNumberReason, (preview: string) => string> = {
  missing: () => 'Phone number is missing',
  'not-e164': (preview) =>
    `Phone number ${preview} is not E.164 ('+', then 7 to 15 digits not starting with 0)`,
  'not-possible': (preview) =>
    `Phone number ${preview} is not a possible number for its country calling code`,
  'bad-extension': (preview) => `Extension ${preview} must be 1 to 10 digits`,
};

/**
 * The client's phone number cannot be searched. GET /contact answers it with the "Invalid phone
 * number" business failure, not a 400. The message quotes at most 32 characters of the input.
 */
export class InvalidPhoneNumberError extends Error {
  /** The offending input, cut to 32 characters. */
  readonly input: string;

  constructor(
    readonly reason: InvalidPhoneNumberReason,
    input: string,
    options?: { cause?: unknown },
  ) {
    const preview = input.length > PREVIEW_LENGTH ? `${input.slice(0, PREVIEW_LENGTH)}…` : input;
    // JSON quoting escapes control characters, so the input cannot forge log lines.
    super(MESSAGES[reason](JSON.stringify(preview)), options);
    this.name = 'InvalidPhoneNumberError';
    this.input = preview;
  }
}
