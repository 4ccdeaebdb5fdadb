import type { LogFormat } from '../../crm/crm-provider.interface.js';

/** The three body formats a provider can declare (§8); declared by the provider seam. */
export type { LogFormat };

/** One side of a call or call leg, as the client sends it. */
export interface CallParty {
  phoneNumber?: string;
  extensionNumber?: string;
  name?: string;
}

/** One leg of the call journey (`logInfo.legs[]`). */
export interface CallLeg {
  legType?: string;
  direction?: string;
  /** Seconds. */
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

/**
 * Everything a call-log body can show. Absent or blank values produce no section on compose and
 * leave the section untouched on upsert.
 */
export interface CallLogBodyInput extends CallLogExtras {
  sessionId?: string;
  subject?: string;
  direction?: 'Inbound' | 'Outbound';
  from?: CallParty;
  to?: CallParty;
  startTime?: Date;
  /** `startTime` is when the log was received (the client sent no call time): the body says so. */
  startTimeReceived?: boolean;
  /** Seconds. */
  duration?: number;
  result?: string;
  /** An http(s) URL or the literal `(pending...)`. */
  recordingLink?: string;
  legs?: CallLeg[];
}

/** The user's settings (§3.6): a toggle is `settings[id].value`; a missing key means the default. */
export type UserSettings = Record<string, { value?: unknown } | undefined>;

/** How to render a body. */
export interface ComposeOptions {
  format: LogFormat;
  settings?: UserSettings;
  /** IANA zone of the CRM user, e.g. `America/New_York`. */
  timeZone?: string;
  /** Fixed offset east of UTC, used only when there is no (valid) `timeZone`. */
  utcOffsetMinutes?: number;
}
