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

/** An unsearchable phone number: GET /contact answers "Invalid phone number", not a 400. */
export class InvalidPhoneNumberError extends Error {
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
