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

/** Everything a call-log body can show; an absent or blank value leaves its section out. */
export interface CallLogBodyInput {
  note?: string;
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
  voicemailLink?: string;
  aiNote?: string;
  transcript?: string;
  ringSenseTranscript?: string;
  ringSenseSummary?: string;
  ringSenseAIScore?: unknown;
  ringSenseBulletedSummary?: string;
  ringSenseLink?: string;
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
