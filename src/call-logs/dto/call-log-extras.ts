import { ApiProperty } from '@nestjs/swagger';
import type { CallLogExtras } from '../../activity-body/log-body/index.js';
import { IsLogValue, IsText } from '../../common/validation/decorators.js';

/** Notes and transcripts: each up to 1 MB, and together (assertTextBudget). */
export const LOG_TEXT_MAX = 1024 * 1024;
const optional = { optional: true };

/**
 * The call-log extras as POST and PATCH /callLog accept them (docs/client-contract.md, Call logs).
 * Not a `.dto.ts` file: the swagger plugin would list this base as a model of its own; the shared
 * validators state each property's schema.
 */
export class CallLogExtrasDto implements CallLogExtras {
  @IsText(LOG_TEXT_MAX, optional) note?: string;
  @IsText(LOG_TEXT_MAX, optional) aiNote?: string;
  @IsText(LOG_TEXT_MAX, optional) transcript?: string;
  @IsText(2048, optional) voicemailLink?: string;
  @IsText(LOG_TEXT_MAX, optional) ringSenseTranscript?: string;
  @IsText(LOG_TEXT_MAX, optional) ringSenseSummary?: string;
  /** Officially an object; numbers and text are accepted too. Only shown in the body. */
  @ApiProperty({ required: false, type: Object })
  @IsLogValue(64 * 1024)
  ringSenseAIScore?: unknown;
  @IsText(LOG_TEXT_MAX, optional) ringSenseBulletedSummary?: string;
  @IsText(2048, optional) ringSenseLink?: string;
}

const EXTRA_KEYS = {
  note: true,
  aiNote: true,
  transcript: true,
  voicemailLink: true,
  ringSenseTranscript: true,
  ringSenseSummary: true,
  ringSenseAIScore: true,
  ringSenseBulletedSummary: true,
  ringSenseLink: true,
} satisfies Record<keyof CallLogExtras, true>;

/** The extras whose sizes add up to one request's text budget (the `LOG_TEXT_MAX` ones). */
const LOG_TEXT_KEYS = [
  'note',
  'aiNote',
  'transcript',
  'ringSenseTranscript',
  'ringSenseSummary',
  'ringSenseBulletedSummary',
] as const satisfies readonly (keyof CallLogExtras)[];

export function callLogExtrasOf(input: CallLogExtras): CallLogExtras {
  return Object.fromEntries(
    Object.keys(EXTRA_KEYS).map((key) => [key, input[key as keyof CallLogExtras]]),
  ) as CallLogExtras;
}

export function logTextBytes(input: CallLogExtras): number {
  return LOG_TEXT_KEYS.reduce(
    (sum, key) => sum + (typeof input[key] === 'string' ? Buffer.byteLength(input[key]) : 0),
    0,
  );
}
