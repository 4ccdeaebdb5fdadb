import type { LogFormat } from '../../crm/crm-activity.types.js';

export type { LogFormat };

export interface CallParty {
  phoneNumber?: string;
  extensionNumber?: string;
  name?: string;
}

export interface CallLeg {
  legType?: string;
  direction?: string;
  duration?: number;
  from?: CallParty;
  to?: CallParty;
}

/** What the client adds to a call log besides the call itself, on POST and PATCH alike. */
export interface CallLogExtras {
  note?: string;
  aiNote?: string;
  transcript?: string;
  voicemailLink?: string;
  ringSenseTranscript?: string;
  ringSenseSummary?: string;
  /** Any JSON value (a score, or an object of scores), rendered on one line. */
  ringSenseAIScore?: unknown;
  ringSenseBulletedSummary?: string;
  ringSenseLink?: string;
}

/** Everything a call-log body can show; an absent or blank value leaves its section out. */
export interface CallLogBodyInput extends CallLogExtras {
  sessionId?: string;
  subject?: string;
  direction?: 'Inbound' | 'Outbound';
  from?: CallParty;
  to?: CallParty;
  startTime?: Date;
  /** `startTime` is when the log arrived (the client sent no call time); the body says so. */
  startTimeReceived?: boolean;
  duration?: number;
  result?: string;
  recordingLink?: string;
  legs?: CallLeg[];
}

export type UserSettings = Record<string, { value?: unknown } | undefined>;

export interface ComposeOptions {
  format: LogFormat;
  settings?: UserSettings;
  timeZone?: string;
  /** Minutes east of UTC, used only when there is no valid `timeZone`. */
  utcOffsetMinutes?: number;
}
