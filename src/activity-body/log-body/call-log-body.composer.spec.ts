import {
  composeCallLogBody,
  extractAgentNote,
  upsertCallLogBody,
} from './call-log-body.composer.js';
import type {
  CallLogBodyInput,
  CallParty,
  ComposeOptions,
  LogFormat,
  UserSettings,
} from './log-body.types.js';

const JANE: CallParty = { phoneNumber: '+14155550100', name: 'Jane Doe' };
const AGENT: CallParty = {
  phoneNumber: '+16505550111',
  extensionNumber: '101',
  name: 'Agent Smith',
};
const START = new Date('2024-05-01T15:04:05Z');
const FORMATS: LogFormat[] = ['text/plain', 'text/html', 'text/markdown'];

/** The call of the contract's example (§8.2). */
const EXAMPLE: CallLogBodyInput = {
  note: 'Customer wants a renewal quote.',
  sessionId: '4503995004',
  subject: 'Inbound Call from Jane Doe',
  direction: 'Inbound',
  from: JANE,
  to: AGENT,
  startTime: START,
  duration: 63,
  result: 'Call connected',
  recordingLink: '(pending...)',
  legs: [{ legType: 'PstnToSip', direction: 'Inbound', duration: 63, from: JANE, to: AGENT }],
};

const on = (...ids: string[]): UserSettings =>
  Object.fromEntries(ids.map((id) => [id, { value: true }]));
const off = (...ids: string[]): UserSettings =>
  Object.fromEntries(ids.map((id) => [id, { value: false }]));

describe('composeCallLogBody: the contract example', () => {
  it('matches §8.2 exactly in plain text', () => {
    expect(composeCallLogBody(EXAMPLE, { format: 'text/plain' })).toBe(
      [
        '- Note: Customer wants a renewal quote.',
        '- Summary: Inbound Call from Jane Doe',
        '- Date/Time: 2024-05-01 03:04:05 PM',
        '- Duration: 1 minute, 3 seconds',
        '- Result: Call connected',
        '- Call recording link: (pending...)',
        '- Call journey:',
        'Received call at Agent Smith, +16505550111, ext 101',
        '--- JOURNEY END',
        '',
      ].join('\n'),
    );
  });

  it('renders the header, one <ul> and the block <div>s in HTML', () => {
    expect(composeCallLogBody(EXAMPLE, { format: 'text/html' })).toBe(
      '<b>Agent notes</b><br>Customer wants a renewal quote.<br><br><b>Call details</b><br>' +
        '<ul><li><b>Summary</b>: Inbound Call from Jane Doe</li>' +
        '<li><b>Date/time</b>: 2024-05-01 03:04:05 PM</li>' +
        '<li><b>Duration</b>: 1 minute, 3 seconds</li>' +
        '<li><b>Result</b>: Call connected</li>' +
        '<li><b>Call recording link</b>: (pending...)</li></ul>' +
        '<div><b>Call journey</b><br>Received call at Agent Smith, +16505550111, ext 101</div>',
    );
  });

  it('renders ## headers, bold lines and ### blocks in Markdown', () => {
    expect(composeCallLogBody(EXAMPLE, { format: 'text/markdown' })).toBe(
      [
        '## Agent notes',
        'Customer wants a renewal quote.',
        '',
        '## Call details',
        '**Summary**: Inbound Call from Jane Doe',
        '**Date/Time**: 2024\\-05\\-01 03:04:05 PM',
        '**Duration**: 1 minute, 3 seconds',
        '**Result**: Call connected',
        '**Call recording link**: \\(pending...\\)',
        '### Call journey',
        'Received call at Agent Smith, \\+16505550111, ext 101',
        '<!-- END -->',
        '',
        '',
      ].join('\n'),
    );
  });
});

interface SectionCase {
  name: string;
  setting: string;
  defaultOn: boolean;
  input: CallLogBodyInput;
  expected: Record<LogFormat, string>;
}

const INBOUND = { direction: 'Inbound', from: JANE, to: AGENT } as const;
const OUTBOUND = { direction: 'Outbound', from: AGENT, to: JANE } as const;

// Each case holds only the fields of one section, so the whole body is that section.
const SECTION_CASES: SectionCase[] = [
  {
    name: 'Session Id',
    setting: 'addCallSessionId',
    defaultOn: false,
    input: { sessionId: '4503995004' },
    expected: {
      'text/plain': '- Session Id: 4503995004\n',
      'text/html': '<ul><li><b>Session Id</b>: 4503995004</li></ul>',
      'text/markdown': '**Session Id**: 4503995004\n',
    },
  },
  {
    name: 'RingCentral user name (inbound: to)',
    setting: 'addRingCentralUserName',
    defaultOn: false,
    input: INBOUND,
    expected: {
      'text/plain': '- RingCentral user name: Agent Smith\n',
      'text/html': '<ul><li><b>RingCentral user name</b>: Agent Smith</li></ul>',
      'text/markdown': '**RingCentral user name**: Agent Smith\n',
    },
  },
  {
    name: 'RingCentral user name (outbound: from)',
    setting: 'addRingCentralUserName',
    defaultOn: false,
    input: { direction: 'Outbound', from: { name: 'Rep Ray' }, to: { name: 'Customer Carl' } },
    expected: {
      'text/plain': '- RingCentral user name: Rep Ray\n',
      'text/html': '<ul><li><b>RingCentral user name</b>: Rep Ray</li></ul>',
      'text/markdown': '**RingCentral user name**: Rep Ray\n',
    },
  },
  {
    name: 'RingCentral number and extension (inbound: to)',
    setting: 'addRingCentralNumber',
    defaultOn: false,
    input: INBOUND,
    expected: {
      'text/plain': '- RingCentral number and extension: +16505550111, ext 101\n',
      'text/html':
        '<ul><li><b>RingCentral number and extension</b>: +16505550111, ext 101</li></ul>',
      'text/markdown': '**RingCentral number and extension**: \\+16505550111, ext 101\n',
    },
  },
  {
    name: 'RingCentral number and extension (outbound: from, no extension)',
    setting: 'addRingCentralNumber',
    defaultOn: false,
    input: { direction: 'Outbound', from: { phoneNumber: '+12125550123' }, to: JANE },
    expected: {
      'text/plain': '- RingCentral number and extension: +12125550123\n',
      'text/html': '<ul><li><b>RingCentral number and extension</b>: +12125550123</li></ul>',
      'text/markdown': '**RingCentral number and extension**: \\+12125550123\n',
    },
  },
  {
    name: 'Summary',
    setting: 'addCallLogSubject',
    defaultOn: true,
    input: { subject: 'Inbound Call from Jane Doe' },
    expected: {
      'text/plain': '- Summary: Inbound Call from Jane Doe\n',
      'text/html': '<ul><li><b>Summary</b>: Inbound Call from Jane Doe</li></ul>',
      'text/markdown': '**Summary**: Inbound Call from Jane Doe\n',
    },
  },
  {
    name: 'Contact Number (inbound: from, Caller)',
    setting: 'addCallLogContactNumber',
    defaultOn: false,
    input: INBOUND,
    expected: {
      'text/plain': '- Contact Number: +14155550100\n',
      'text/html': '<ul><li><b>Caller phone number</b>: +14155550100</li></ul>',
      'text/markdown': '**Contact Number**: \\+14155550100\n',
    },
  },
  {
    name: 'Contact Number (outbound: to, Recipient)',
    setting: 'addCallLogContactNumber',
    defaultOn: false,
    input: OUTBOUND,
    expected: {
      'text/plain': '- Contact Number: +14155550100\n',
      'text/html': '<ul><li><b>Recipient phone number</b>: +14155550100</li></ul>',
      'text/markdown': '**Contact Number**: \\+14155550100\n',
    },
  },
  {
    name: 'Date/Time',
    setting: 'addCallLogDateTime',
    defaultOn: true,
    input: { startTime: START },
    expected: {
      'text/plain': '- Date/Time: 2024-05-01 03:04:05 PM\n',
      'text/html': '<ul><li><b>Date/time</b>: 2024-05-01 03:04:05 PM</li></ul>',
      'text/markdown': '**Date/Time**: 2024\\-05\\-01 03:04:05 PM\n',
    },
  },
  {
    name: 'Duration',
    setting: 'addCallLogDuration',
    defaultOn: true,
    input: { duration: 3723 },
    expected: {
      'text/plain': '- Duration: 1 hour, 2 minutes, 3 seconds\n',
      'text/html': '<ul><li><b>Duration</b>: 1 hour, 2 minutes, 3 seconds</li></ul>',
      'text/markdown': '**Duration**: 1 hour, 2 minutes, 3 seconds\n',
    },
  },
  {
    name: 'Duration of zero',
    setting: 'addCallLogDuration',
    defaultOn: true,
    input: { duration: 0 },
    expected: {
      'text/plain': '- Duration: 0 seconds\n',
      'text/html': '<ul><li><b>Duration</b>: 0 seconds</li></ul>',
      'text/markdown': '**Duration**: 0 seconds\n',
    },
  },
  {
    name: 'Result',
    setting: 'addCallLogResult',
    defaultOn: true,
    input: { result: 'Call connected' },
    expected: {
      'text/plain': '- Result: Call connected\n',
      'text/html': '<ul><li><b>Result</b>: Call connected</li></ul>',
      'text/markdown': '**Result**: Call connected\n',
    },
  },
  {
    name: 'Call recording link (pending)',
    setting: 'addCallLogRecording',
    defaultOn: true,
    input: { recordingLink: '(pending...)' },
    expected: {
      'text/plain': '- Call recording link: (pending...)\n',
      'text/html': '<ul><li><b>Call recording link</b>: (pending...)</li></ul>',
      'text/markdown': '**Call recording link**: \\(pending...\\)\n',
    },
  },
  {
    name: 'Call recording link (https)',
    setting: 'addCallLogRecording',
    defaultOn: true,
    input: { recordingLink: 'https://media.example.com/rec/1?a=1&b=2' },
    expected: {
      'text/plain': '- Call recording link: https://media.example.com/rec/1?a=1&b=2\n',
      'text/html':
        '<ul><li><b>Call recording link</b>: ' +
        '<a target="_blank" href="https://media.example.com/rec/1?a=1&amp;b=2">open</a></li></ul>',
      'text/markdown': '**Call recording link**: [open](https://media.example.com/rec/1?a=1&b=2)\n',
    },
  },
  {
    name: 'Voicemail recording link',
    setting: 'addCallLogRecording',
    defaultOn: true,
    input: { voicemailLink: 'https://media.example.com/vm/7' },
    expected: {
      'text/plain': '- Voicemail recording link: https://media.example.com/vm/7\n',
      'text/html':
        '<ul><li><b>Voicemail recording link</b>: ' +
        '<a target="_blank" href="https://media.example.com/vm/7">open</a></li></ul>',
      'text/markdown': '**Voicemail recording link**: [open](https://media.example.com/vm/7)\n',
    },
  },
  {
    name: 'AI Note',
    setting: 'addCallLogAiNote',
    defaultOn: true,
    input: { aiNote: 'Wants a quote.\nCall back Friday.' },
    expected: {
      'text/plain': '- AI Note:\nWants a quote.\nCall back Friday.\n--- END\n',
      'text/html': '<div><b>AI Note</b><br>Wants a quote.<br>Call back Friday.</div>',
      'text/markdown': '### AI Note\nWants a quote.\nCall back Friday.\n<!-- END -->\n\n',
    },
  },
  {
    name: 'Transcript',
    setting: 'addCallLogTranscript',
    defaultOn: true,
    input: { transcript: 'Agent: Hello\nJane: Hi' },
    expected: {
      'text/plain': '- Transcript:\nAgent: Hello\nJane: Hi\n--- END\n',
      'text/html': '<div><b>Transcript</b><br>Agent: Hello<br>Jane: Hi</div>',
      'text/markdown': '### Transcript\nAgent: Hello\nJane: Hi\n<!-- END -->\n\n',
    },
  },
  {
    name: 'ACE transcript',
    setting: 'addCallLogRingSenseRecordingTranscript',
    defaultOn: true,
    input: { ringSenseTranscript: 'Speaker 1: Hello\nSpeaker 2: Hi' },
    expected: {
      'text/plain': '- ACE transcript:\nSpeaker 1: Hello\nSpeaker 2: Hi\n--- END\n',
      'text/html': '<div><b>ACE transcript</b><br>Speaker 1: Hello<br>Speaker 2: Hi</div>',
      'text/markdown': '### ACE transcript\nSpeaker 1: Hello\nSpeaker 2: Hi\n<!-- END -->\n\n',
    },
  },
  {
    name: 'ACE summary (one line in plain text, a block elsewhere)',
    setting: 'addCallLogRingSenseRecordingSummary',
    defaultOn: true,
    input: { ringSenseSummary: 'Renewal discussed.\nQuote promised.' },
    expected: {
      'text/plain': '- ACE summary: Renewal discussed. Quote promised.\n',
      'text/html': '<div><b>ACE summary</b><br>Renewal discussed.<br>Quote promised.</div>',
      'text/markdown': '### ACE summary\nRenewal discussed.\nQuote promised.\n<!-- END -->\n\n',
    },
  },
  {
    name: 'Call score',
    setting: 'addCallLogRingSenseRecordingAIScore',
    defaultOn: true,
    input: { ringSenseAIScore: '8.5' },
    expected: {
      'text/plain': '- Call score: 8.5\n',
      'text/html': '<ul><li><b>Call score</b>: 8.5</li></ul>',
      'text/markdown': '**Call score**: 8.5\n',
    },
  },
  {
    name: 'ACE bulleted summary',
    setting: 'addCallLogRingSenseRecordingBulletedSummary',
    defaultOn: true,
    input: { ringSenseBulletedSummary: '* Renewal\n* Quote' },
    expected: {
      'text/plain': '- ACE bulleted summary:\n* Renewal\n* Quote\n--- END\n',
      'text/html': '<div><b>ACE bulleted summary</b><br>* Renewal<br>* Quote</div>',
      'text/markdown': '### ACE bulleted summary\n\\* Renewal\n\\* Quote\n<!-- END -->\n\n',
    },
  },
  {
    name: 'ACE recording link',
    setting: 'addCallLogRingSenseRecordingLink',
    defaultOn: true,
    input: { ringSenseLink: 'https://ace.example.com/r/1' },
    expected: {
      'text/plain': '- ACE recording link: https://ace.example.com/r/1\n',
      'text/html':
        '<ul><li><b>ACE recording link</b>: ' +
        '<a target="_blank" href="https://ace.example.com/r/1">open</a></li></ul>',
      'text/markdown': '**ACE recording link**: [open](https://ace.example.com/r/1)\n',
    },
  },
  {
    name: 'Call journey',
    setting: 'addCallLogLegs',
    defaultOn: true,
    input: { legs: [{ direction: 'Inbound', from: JANE, to: AGENT }] },
    expected: {
      'text/plain':
        '- Call journey:\nReceived call at Agent Smith, +16505550111, ext 101\n--- JOURNEY END\n',
      'text/html':
        '<div><b>Call journey</b><br>Received call at Agent Smith, +16505550111, ext 101</div>',
      'text/markdown':
        '### Call journey\nReceived call at Agent Smith, \\+16505550111, ext 101\n<!-- END -->\n\n',
    },
  },
];

const SECTION_BY_FORMAT = SECTION_CASES.flatMap((c) =>
  FORMATS.map((format) => ({ ...c, format, body: c.expected[format] })),
);

describe('composeCallLogBody: each section in each format', () => {
  it.each(SECTION_BY_FORMAT)('$name, $format, enabled', ({ input, format, setting, body }) => {
    expect(composeCallLogBody(input, { format, settings: on(setting) })).toBe(body);
  });

  it.each(SECTION_BY_FORMAT)('$name, $format, disabled', ({ input, format, setting }) => {
    expect(composeCallLogBody(input, { format, settings: off(setting) })).toBe('');
  });

  it.each(SECTION_BY_FORMAT)('$name, $format, default', ({ input, format, defaultOn, body }) => {
    expect(composeCallLogBody(input, { format })).toBe(defaultOn ? body : '');
  });

  it.each(FORMATS)('renders the agent note in %s', (format) => {
    const expected: Record<LogFormat, string> = {
      'text/plain': '- Note: First line\nsecond line\n',
      'text/html': '<b>Agent notes</b><br>First line<br>second line<br><br><b>Call details</b><br>',
      'text/markdown': '## Agent notes\nFirst line\nsecond line\n\n## Call details\n',
    };
    const input = { note: '  First line\nsecond line\n\n' };
    expect(composeCallLogBody(input, { format })).toBe(expected[format]);
    expect(composeCallLogBody(input, { format, settings: off('addCallLogNote') })).toBe('');
  });
});

const EVERYTHING: CallLogBodyInput = {
  ...EXAMPLE,
  recordingLink: 'https://media.example.com/rec/1',
  voicemailLink: 'https://media.example.com/vm/1',
  aiNote: 'AI says hi',
  transcript: 'Agent: hi',
  ringSenseTranscript: 'S1: hi',
  ringSenseSummary: 'Summary text',
  ringSenseAIScore: '9',
  ringSenseBulletedSummary: 'one\ntwo',
  ringSenseLink: 'https://ace.example.com/r/1',
};
const ALL_ON = on(
  'addCallSessionId',
  'addRingCentralUserName',
  'addRingCentralNumber',
  'addCallLogContactNumber',
);

describe('composeCallLogBody: order', () => {
  it('writes every section in the §8.1 order (plain text)', () => {
    const body = composeCallLogBody(EVERYTHING, { format: 'text/plain', settings: ALL_ON });
    const labels = body
      .split('\n')
      .map((line) => /^- ([^:]+):/.exec(line)?.[1])
      .filter((label) => label !== undefined);
    expect(labels).toEqual([
      'Note',
      'Session Id',
      'RingCentral user name',
      'RingCentral number and extension',
      'Summary',
      'Contact Number',
      'Date/Time',
      'Duration',
      'Result',
      'Call recording link',
      'Voicemail recording link',
      'AI Note',
      'Transcript',
      'ACE transcript',
      'ACE summary',
      'Call score',
      'ACE bulleted summary',
      'ACE recording link',
      'Call journey',
    ]);
  });

  it('writes every section in the §8.1 order (Markdown)', () => {
    const body = composeCallLogBody(EVERYTHING, { format: 'text/markdown', settings: ALL_ON });
    const labels = body
      .split('\n')
      .map((line) => /^(?:#+ (.+)|\*\*(.+?)\*\*:)/.exec(line))
      .filter((match) => match !== null)
      .map((match) => match[1] ?? match[2]);
    expect(labels).toEqual([
      'Agent notes',
      'Call details',
      'Session Id',
      'RingCentral user name',
      'RingCentral number and extension',
      'Summary',
      'Contact Number',
      'Date/Time',
      'Duration',
      'Result',
      'Call recording link',
      'Voicemail recording link',
      'AI Note',
      'Transcript',
      'ACE transcript',
      'ACE summary',
      'Call score',
      'ACE bulleted summary',
      'ACE recording link',
      'Call journey',
    ]);
  });

  it('puts every detail item in one <ul> and the blocks after it, each in order (HTML)', () => {
    const body = composeCallLogBody(EVERYTHING, { format: 'text/html', settings: ALL_ON });
    expect(body.match(/<ul>/g)).toHaveLength(1);
    const list = /<ul>(.*)<\/ul>/.exec(body)?.[1] ?? '';
    expect([...list.matchAll(/<li><b>([^<]+)<\/b>/g)].map((m) => m[1])).toEqual([
      'Session Id',
      'RingCentral user name',
      'RingCentral number and extension',
      'Summary',
      'Caller phone number',
      'Date/time',
      'Duration',
      'Result',
      'Call recording link',
      'Voicemail recording link',
      'Call score',
      'ACE recording link',
    ]);
    const afterList = body.slice(body.indexOf('</ul>'));
    expect([...afterList.matchAll(/<div><b>([^<]+)<\/b>/g)].map((m) => m[1])).toEqual([
      'AI Note',
      'Transcript',
      'ACE transcript',
      'ACE summary',
      'ACE bulleted summary',
      'Call journey',
    ]);
    expect(body.startsWith('<b>Agent notes</b>')).toBe(true);
  });
});

describe('composeCallLogBody: call journey', () => {
  const journey = (input: CallLogBodyInput): string => {
    const body = composeCallLogBody(input, { format: 'text/plain' });
    return /- Call journey:\n([\s\S]*)\n--- JOURNEY END\n$/.exec(body)?.[1] ?? `<none in ${body}>`;
  };

  it.each<[string, CallLogBodyInput, string]>([
    [
      'an outbound call starts from the caller',
      { legs: [{ direction: 'Outbound', from: AGENT, to: JANE }] },
      'Made call from Agent Smith, +16505550111, ext 101',
    ],
    [
      'transfers list the new party and the leg duration',
      {
        legs: [
          { direction: 'Inbound', from: JANE, to: AGENT },
          {
            direction: 'Inbound',
            duration: 42,
            from: AGENT,
            to: { name: 'Sales', extensionNumber: '200' },
          },
          { direction: 'Inbound', duration: 1, to: { phoneNumber: '+16505550999' } },
        ],
      },
      'Received call at Agent Smith, +16505550111, ext 101\n' +
        'Transferred to Sales, ext 200, duration: 42 seconds\n' +
        'Transferred to +16505550999, duration: 1 second',
    ],
    [
      'outbound transfer legs name their from side, PstnToSip legs their to side',
      {
        legs: [
          { direction: 'Outbound', from: AGENT, to: JANE },
          { direction: 'Outbound', duration: 5, from: { extensionNumber: '300' }, to: JANE },
          {
            direction: 'Outbound',
            legType: 'PstnToSip',
            duration: 6,
            from: JANE,
            to: { extensionNumber: '400' },
          },
        ],
      },
      'Made call from Agent Smith, +16505550111, ext 101\n' +
        'Transferred to ext 300, duration: 5 seconds\n' +
        'Transferred to ext 400, duration: 6 seconds',
    ],
    [
      'a leg without direction takes the call direction',
      { direction: 'Outbound', legs: [{ from: { name: 'Only Name' } }] },
      'Made call from Only Name',
    ],
    [
      'a party with nothing known reads (unknown), a leg without duration has none',
      {
        legs: [
          { direction: 'Inbound', to: {} },
          { direction: 'Inbound', to: { name: ' ' } },
        ],
      },
      'Received call at (unknown)\nTransferred to (unknown)',
    ],
  ])('%s', (_case, input, expected) => {
    expect(journey(input)).toBe(expected);
  });
});

describe('composeCallLogBody: blank values produce no section', () => {
  it.each<[string, CallLogBodyInput]>([
    ['empty note', { note: '' }],
    ['whitespace note', { note: ' \n\t ' }],
    ['empty subject', { subject: '' }],
    ['empty result', { result: '   ' }],
    ['empty recording link', { recordingLink: '' }],
    ['empty AI note', { aiNote: '\n\n' }],
    ['no legs', { legs: [] }],
    ['invalid start time', { startTime: new Date('not a date') }],
    ['negative duration', { duration: -5 }],
    ['parties without direction', { from: JANE, to: AGENT }],
    ['direction without parties', { direction: 'Inbound' }],
  ])('%s', (_case, input) => {
    for (const format of FORMATS) {
      expect(composeCallLogBody(input, { format, settings: ALL_ON })).toBe('');
    }
  });
});

describe('composeCallLogBody: values that slipped past validation', () => {
  it('prints numeric ids, scores and extensions, and ignores non-text values', () => {
    const input = {
      sessionId: 4503995004,
      ringSenseAIScore: 7,
      subject: { toString: () => 'object' },
      direction: 'Inbound',
      to: { phoneNumber: '+16505550111', extensionNumber: 101 },
    } as unknown as CallLogBodyInput;
    expect(
      composeCallLogBody(input, {
        format: 'text/plain',
        settings: on('addCallSessionId', 'addRingCentralNumber'),
      }),
    ).toBe(
      '- Session Id: 4503995004\n' +
        '- RingCentral number and extension: +16505550111, ext 101\n' +
        '- Call score: 7\n',
    );
  });
});

describe('composeCallLogBody: settings and options', () => {
  const only = { startTime: new Date('2024-07-04T13:05:09Z') };
  const options = (extra: Partial<ComposeOptions>): ComposeOptions => ({
    format: 'text/plain',
    ...extra,
  });

  it.each<[string, Partial<ComposeOptions>, string]>([
    ['default format, UTC', {}, '- Date/Time: 2024-07-04 01:05:09 PM\n'],
    [
      'the user time zone (EDT)',
      { timeZone: 'America/New_York' },
      '- Date/Time: 2024-07-04 09:05:09 AM\n',
    ],
    [
      'a fixed offset without zone',
      { utcOffsetMinutes: 120 },
      '- Date/Time: 2024-07-04 03:05:09 PM\n',
    ],
    [
      'logDateFormat',
      { settings: { logDateFormat: { value: 'DD/MM/YYYY HH:mm' } } },
      '- Date/Time: 04/07/2024 13:05\n',
    ],
    [
      'a blank logDateFormat falls back to the default',
      { settings: { logDateFormat: { value: ' ' } } },
      '- Date/Time: 2024-07-04 01:05:09 PM\n',
    ],
  ])('%s', (_case, extra, expected) => {
    expect(composeCallLogBody(only, options(extra))).toBe(expected);
  });

  it.each<[string, UserSettings, boolean]>([
    ['boolean false', { addCallLogResult: { value: false } }, false],
    ["string 'false'", { addCallLogResult: { value: 'false' } }, false],
    ["string 'true' on a default-off toggle", { addCallSessionId: { value: 'true' } }, true],
    ['a missing value means default', { addCallLogResult: {} }, true],
    ['an unrecognised value means default', { addCallLogResult: { value: 0 } }, true],
  ])('toggle read from %s', (_case, settings, shown) => {
    const id = 'addCallSessionId' in settings ? 'Session Id' : 'Result';
    const body = composeCallLogBody(
      { result: 'Call connected', sessionId: '1' },
      { format: 'text/plain', settings },
    );
    expect(body.includes(`- ${id}: `)).toBe(shown);
  });

  it.each<[string, UserSettings, boolean]>([
    ['legacy addCallLogAINote=false', { addCallLogAINote: { value: false } }, false],
    [
      'addCallLogAiNote wins over the legacy id',
      { addCallLogAiNote: { value: true }, addCallLogAINote: { value: false } },
      true,
    ],
  ])('AI note toggle: %s', (_case, settings, shown) => {
    const body = composeCallLogBody({ aiNote: 'x' }, { format: 'text/plain', settings });
    expect(body.includes('- AI Note:')).toBe(shown);
  });

  it('rejects an unknown format', () => {
    expect(() =>
      composeCallLogBody({}, { format: 'application/json' as unknown as LogFormat }),
    ).toThrow(RangeError);
  });
});

describe('hostile text', () => {
  const SCRIPT = '<script>alert(1)</script>';
  const MD_LINK = '[x](javascript:alert(1))';
  const hostile: CallLogBodyInput = {
    note: `${SCRIPT}\n${MD_LINK}`,
    subject: `Call from ${SCRIPT}`,
    direction: 'Inbound',
    from: JANE,
    to: { ...AGENT, name: `"><img src=x onerror=alert(1)>` },
    result: MD_LINK,
    recordingLink: 'javascript:alert(1)',
    voicemailLink: 'https://x.test/" onmouseover="alert(1)',
    transcript: `Agent: hi\n- Note: fake\n--- END\n- Summary: forged\n${SCRIPT}`,
    aiNote: '## Call details\n**Summary**: forged\n### Transcript',
    legs: [{ direction: 'Inbound', to: { name: SCRIPT } }],
  };

  it('escapes every value in HTML and links only http(s)', () => {
    const body = composeCallLogBody(hostile, { format: 'text/html', settings: ALL_ON });
    expect(body).not.toMatch(/<script|<img|javascript:alert\(1\)">|href="javascript/i);
    expect(body).not.toContain('" onmouseover');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(body).toContain('<li><b>Call recording link</b>: javascript:alert(1)</li>');
    expect(body).toContain('href="https://x.test/%22%20onmouseover=%22alert(1)"');
  });

  it('escapes Markdown syntax and links only http(s)', () => {
    const body = composeCallLogBody(hostile, { format: 'text/markdown', settings: ALL_ON });
    expect(body).toContain('\\[x\\]\\(javascript:alert\\(1\\)\\)');
    expect(body).toContain('\\<script\\>alert\\(1\\)\\</script\\>');
    expect(body).not.toMatch(/\]\(javascript/);
    expect(body).toContain('**Call recording link**: javascript:alert\\(1\\)\n');
    expect(body).toContain(
      '\\#\\# Call details\n\\*\\*Summary\\*\\*: forged\n\\#\\#\\# Transcript',
    );
  });

  it('keeps forged labels and end markers inside their plain-text block', () => {
    const body = composeCallLogBody(hostile, { format: 'text/plain', settings: ALL_ON });
    expect(body).toContain(
      '- Transcript:\nAgent: hi\n - Note: fake\n --- END\n - Summary: forged\n<script>alert(1)</script>\n--- END\n',
    );
    expect(body.match(/^- Note:/gm)).toHaveLength(1);
    expect(body.match(/^- Summary:/gm)).toHaveLength(1);
  });

  it('strips control characters in every format', () => {
    for (const format of FORMATS) {
      const body = composeCallLogBody({ subject: 'a\u0000b\u001bc\u0007d\u009be' }, { format });
      expect(body).toContain('abcde');
      const controls = [...body].filter((ch) => /\p{Cc}/u.test(ch) && ch !== '\n');
      expect(controls).toEqual([]);
    }
  });

  it.each(FORMATS)('returns the real agent note from a hostile %s body', (format) => {
    const body = composeCallLogBody(hostile, { format, settings: ALL_ON });
    expect(extractAgentNote(body, format)).toBe(hostile.note);
  });

  it.each(FORMATS)('upserts a hostile %s body idempotently', (format) => {
    const options = { format, settings: ALL_ON };
    const body = composeCallLogBody(hostile, options);
    expect(upsertCallLogBody(body, hostile, options)).toBe(body);
  });
});
