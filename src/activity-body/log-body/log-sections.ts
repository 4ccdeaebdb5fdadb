import { DEFAULT_LOG_DATE_FORMAT, formatLogDate } from './log-date-format.js';
import { formatDuration, formatSeconds } from './log-duration.js';
import { renderLogValue } from './log-value.js';
import type {
  CallLeg,
  CallLogBodyInput,
  CallParty,
  ComposeOptions,
  UserSettings,
} from './log-body.types.js';

/** Every managed section, in canonical body order (§8.1). */
export const SECTION_KEYS = [
  'note',
  'sessionId',
  'rcUserName',
  'rcNumber',
  'subject',
  'contactNumber',
  'dateTime',
  'duration',
  'result',
  'recording',
  'voicemail',
  'aiNote',
  'transcript',
  'aceTranscript',
  'aceSummary',
  'aceScore',
  'aceBulletedSummary',
  'aceLink',
  'journey',
] as const;

export type SectionKey = (typeof SECTION_KEYS)[number];

export type SectionShape = 'line' | 'block';

/** How one detail section is toggled, labelled, shaped and filled. */
export interface SectionSpec {
  key: Exclude<SectionKey, 'note'>;
  setting: string;
  legacySetting?: string;
  defaultOn: boolean;
  label: string;
  htmlLabels: readonly string[];
  htmlLabelFor?: (input: CallLogBodyInput) => string;
  plainShape: SectionShape;
  richShape: SectionShape;
  endMarker?: string;
  link?: boolean;
  value: (input: CallLogBodyInput, options: ComposeOptions) => string | undefined;
}

export const NOTE_SETTING = { setting: 'addCallLogNote', defaultOn: true } as const;

export const PENDING = '(pending...)';

function toggleValue(settings: UserSettings | undefined, id: string): boolean | undefined {
  const value = settings?.[id]?.value;
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

export function isSettingOn(
  settings: UserSettings | undefined,
  id: string,
  defaultOn: boolean,
  legacyId?: string,
): boolean {
  return (
    toggleValue(settings, id) ??
    (legacyId ? toggleValue(settings, legacyId) : undefined) ??
    defaultOn
  );
}

/** Non-blank text, or undefined; a number (a numeric id that slipped past validation) as digits. */
export function asText(value: unknown): string | undefined {
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' && Number.isFinite(value)
        ? String(value)
        : undefined;
  return text !== undefined && text.trim() !== '' ? text : undefined;
}

const joinParts = (parts: unknown[]): string =>
  parts
    .map((part) => asText(part)?.trim())
    .filter((part): part is string => part !== undefined)
    .join(', ');

export function describeParty(party: CallParty | undefined): string {
  if (!party) return '';
  const ext = asText(party.extensionNumber)?.trim();
  return joinParts([party.name, party.phoneNumber, ext ? `ext ${ext}` : undefined]);
}

function ringCentralParty(input: CallLogBodyInput): CallParty | undefined {
  if (input.direction === 'Inbound') return input.to;
  if (input.direction === 'Outbound') return input.from;
  return undefined;
}

function contactParty(input: CallLogBodyInput): CallParty | undefined {
  if (input.direction === 'Inbound') return input.from;
  if (input.direction === 'Outbound') return input.to;
  return undefined;
}

const UNKNOWN_PARTY = '(unknown)';

function journeyLine(leg: CallLeg, index: number, callDirection: string | undefined): string {
  const direction = leg.direction ?? callDirection;
  if (index === 0) {
    return direction === 'Outbound'
      ? `Made call from ${describeParty(leg.from) || UNKNOWN_PARTY}`
      : `Received call at ${describeParty(leg.to) || UNKNOWN_PARTY}`;
  }
  // As in the existing server: an outbound transfer leg names its `from` side, except PSTN-to-SIP legs.
  const party = direction === 'Outbound' && leg.legType !== 'PstnToSip' ? leg.from : leg.to;
  const duration =
    typeof leg.duration === 'number' && Number.isFinite(leg.duration) && leg.duration >= 0
      ? `, duration: ${formatSeconds(leg.duration)}`
      : '';
  return `Transferred to ${describeParty(party) || UNKNOWN_PARTY}${duration}`;
}

export function describeJourney(legs: readonly CallLeg[], callDirection?: string): string {
  return legs.map((leg, index) => journeyLine(leg, index, callDirection)).join('\n');
}

export const RECEIVED_TIME_MARK = '(time logged; no call time was sent)';

function dateTimeValue(input: CallLogBodyInput, options: ComposeOptions): string | undefined {
  const start = input.startTime;
  if (!(start instanceof Date) || Number.isNaN(start.getTime())) return undefined;
  const configured = options.settings?.logDateFormat?.value;
  const pattern =
    typeof configured === 'string' && configured.trim() !== ''
      ? configured
      : DEFAULT_LOG_DATE_FORMAT;
  const shown = formatLogDate(start, pattern, options.timeZone, options.utcOffsetMinutes);
  return input.startTimeReceived ? `${shown} ${RECEIVED_TIME_MARK}` : shown;
}

function durationValue(input: CallLogBodyInput): string | undefined {
  const { duration } = input;
  return typeof duration === 'number' && Number.isFinite(duration) && duration >= 0
    ? formatDuration(duration)
    : undefined;
}

/** Detail sections in canonical order; the agent note, always first, is handled on its own. */
export const SECTION_SPECS: readonly SectionSpec[] = [
  {
    key: 'sessionId',
    setting: 'addCallSessionId',
    defaultOn: false,
    label: 'Session Id',
    htmlLabels: ['Session Id'],
    plainShape: 'line',
    richShape: 'line',
    value: (input) => input.sessionId,
  },
  {
    key: 'rcUserName',
    setting: 'addRingCentralUserName',
    defaultOn: false,
    label: 'RingCentral user name',
    htmlLabels: ['RingCentral user name'],
    plainShape: 'line',
    richShape: 'line',
    value: (input) => ringCentralParty(input)?.name,
  },
  {
    key: 'rcNumber',
    setting: 'addRingCentralNumber',
    defaultOn: false,
    label: 'RingCentral number and extension',
    htmlLabels: ['RingCentral number and extension'],
    plainShape: 'line',
    richShape: 'line',
    value: (input) => {
      const party = ringCentralParty(input);
      const ext = asText(party?.extensionNumber)?.trim();
      return joinParts([party?.phoneNumber, ext ? `ext ${ext}` : undefined]);
    },
  },
  {
    key: 'subject',
    setting: 'addCallLogSubject',
    defaultOn: true,
    label: 'Summary',
    htmlLabels: ['Summary'],
    plainShape: 'line',
    richShape: 'line',
    value: (input) => input.subject,
  },
  {
    key: 'contactNumber',
    setting: 'addCallLogContactNumber',
    defaultOn: false,
    label: 'Contact Number',
    htmlLabels: ['Caller phone number', 'Recipient phone number'],
    htmlLabelFor: (input) =>
      input.direction === 'Outbound' ? 'Recipient phone number' : 'Caller phone number',
    plainShape: 'line',
    richShape: 'line',
    value: (input) => contactParty(input)?.phoneNumber,
  },
  {
    key: 'dateTime',
    setting: 'addCallLogDateTime',
    defaultOn: true,
    label: 'Date/Time',
    htmlLabels: ['Date/time'],
    plainShape: 'line',
    richShape: 'line',
    value: dateTimeValue,
  },
  {
    key: 'duration',
    setting: 'addCallLogDuration',
    defaultOn: true,
    label: 'Duration',
    htmlLabels: ['Duration'],
    plainShape: 'line',
    richShape: 'line',
    value: durationValue,
  },
  {
    key: 'result',
    setting: 'addCallLogResult',
    defaultOn: true,
    label: 'Result',
    htmlLabels: ['Result'],
    plainShape: 'line',
    richShape: 'line',
    value: (input) => input.result,
  },
  {
    key: 'recording',
    setting: 'addCallLogRecording',
    defaultOn: true,
    label: 'Call recording link',
    htmlLabels: ['Call recording link'],
    plainShape: 'line',
    richShape: 'line',
    link: true,
    value: (input) => input.recordingLink,
  },
  {
    key: 'voicemail',
    setting: 'addCallLogRecording',
    defaultOn: true,
    label: 'Voicemail recording link',
    htmlLabels: ['Voicemail recording link'],
    plainShape: 'line',
    richShape: 'line',
    link: true,
    value: (input) => input.voicemailLink,
  },
  {
    key: 'aiNote',
    setting: 'addCallLogAiNote',
    legacySetting: 'addCallLogAINote',
    defaultOn: true,
    label: 'AI Note',
    htmlLabels: ['AI Note'],
    plainShape: 'block',
    richShape: 'block',
    endMarker: '--- END',
    value: (input) => input.aiNote,
  },
  {
    key: 'transcript',
    setting: 'addCallLogTranscript',
    defaultOn: true,
    label: 'Transcript',
    htmlLabels: ['Transcript'],
    plainShape: 'block',
    richShape: 'block',
    endMarker: '--- END',
    value: (input) => input.transcript,
  },
  {
    key: 'aceTranscript',
    setting: 'addCallLogRingSenseRecordingTranscript',
    defaultOn: true,
    label: 'ACE transcript',
    htmlLabels: ['ACE transcript'],
    plainShape: 'block',
    richShape: 'block',
    endMarker: '--- END',
    value: (input) => input.ringSenseTranscript,
  },
  {
    key: 'aceSummary',
    setting: 'addCallLogRingSenseRecordingSummary',
    defaultOn: true,
    label: 'ACE summary',
    htmlLabels: ['ACE summary'],
    plainShape: 'line',
    richShape: 'block',
    value: (input) => input.ringSenseSummary,
  },
  {
    key: 'aceScore',
    setting: 'addCallLogRingSenseRecordingAIScore',
    defaultOn: true,
    label: 'Call score',
    htmlLabels: ['Call score'],
    plainShape: 'line',
    richShape: 'line',
    value: (input) => renderLogValue(input.ringSenseAIScore),
  },
  {
    key: 'aceBulletedSummary',
    setting: 'addCallLogRingSenseRecordingBulletedSummary',
    defaultOn: true,
    label: 'ACE bulleted summary',
    htmlLabels: ['ACE bulleted summary'],
    plainShape: 'block',
    richShape: 'block',
    endMarker: '--- END',
    value: (input) => input.ringSenseBulletedSummary,
  },
  {
    key: 'aceLink',
    setting: 'addCallLogRingSenseRecordingLink',
    defaultOn: true,
    label: 'ACE recording link',
    htmlLabels: ['ACE recording link'],
    plainShape: 'line',
    richShape: 'line',
    link: true,
    value: (input) => input.ringSenseLink,
  },
  {
    key: 'journey',
    setting: 'addCallLogLegs',
    defaultOn: true,
    label: 'Call journey',
    htmlLabels: ['Call journey'],
    plainShape: 'block',
    richShape: 'block',
    endMarker: '--- JOURNEY END',
    value: (input) =>
      input.legs && input.legs.length > 0
        ? describeJourney(input.legs, input.direction)
        : undefined,
  },
];

export const sectionRank = (key: SectionKey): number => SECTION_KEYS.indexOf(key);

export function sectionValue(
  spec: SectionSpec,
  input: CallLogBodyInput,
  options: ComposeOptions,
): string | undefined {
  return asText(spec.value(input, options));
}
