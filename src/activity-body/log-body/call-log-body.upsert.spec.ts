import { composeCallLogBody, upsertCallLogBody } from './call-log-body.composer.js';
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
const FORMATS: LogFormat[] = ['text/plain', 'text/html', 'text/markdown'];

const ALL_SETTINGS = [
  'addCallLogNote',
  'addCallSessionId',
  'addRingCentralUserName',
  'addRingCentralNumber',
  'addCallLogSubject',
  'addCallLogContactNumber',
  'addCallLogDateTime',
  'addCallLogDuration',
  'addCallLogResult',
  'addCallLogRecording',
  'addCallLogAiNote',
  'addCallLogTranscript',
  'addCallLogRingSenseRecordingTranscript',
  'addCallLogRingSenseRecordingSummary',
  'addCallLogRingSenseRecordingAIScore',
  'addCallLogRingSenseRecordingBulletedSummary',
  'addCallLogRingSenseRecordingLink',
  'addCallLogLegs',
];
const settingsAll = (value: boolean): UserSettings =>
  Object.fromEntries(ALL_SETTINGS.map((id) => [id, { value }]));
const ALL_ON = settingsAll(true);

/** A call with every section filled in. */
const FULL: CallLogBodyInput = {
  note: 'Customer wants a renewal quote.\nCall back Friday.',
  sessionId: '4503995004',
  subject: 'Inbound Call from Jane Doe',
  direction: 'Inbound',
  from: JANE,
  to: AGENT,
  startTime: new Date('2024-05-01T15:04:05Z'),
  duration: 63,
  result: 'Call connected',
  recordingLink: '(pending...)',
  voicemailLink: 'https://media.example.com/vm/1',
  aiNote: 'AI summary line 1\nAI summary line 2',
  transcript: 'Agent: Hello\nJane: Hi',
  ringSenseTranscript: 'S1: Hello\nS2: Hi',
  ringSenseSummary: 'Renewal discussed.',
  ringSenseAIScore: '7',
  ringSenseBulletedSummary: '* Renewal\n* Quote',
  ringSenseLink: 'https://ace.example.com/r/1',
  legs: [{ direction: 'Inbound', duration: 63, from: JANE, to: AGENT }],
};

const opts = (format: LogFormat, settings: UserSettings = ALL_ON): ComposeOptions => ({
  format,
  settings,
  timeZone: 'America/New_York',
});

function insertAfterLine(body: string, lineStart: string, text: string): string {
  const at = body.indexOf(lineStart);
  if (at === -1) throw new Error(`anchor ${lineStart} missing in ${body}`);
  const end = body.indexOf('\n', at) + 1;
  return body.slice(0, end) + text + body.slice(end);
}

/**
 * Text a user typed in the CRM, around and between managed sections. `middle` sits after the
 * Result item.
 */
const USER_TEXT: Record<
  LogFormat,
  { top: string; bottom: string; middle: (body: string) => string }
> = {
  'text/plain': {
    top: 'Typed in the CRM before the log\n\n',
    bottom: '\nTyped in the CRM after the log\n',
    middle: (body) => insertAfterLine(body, '- Result: ', 'Typed between sections\n'),
  },
  'text/html': {
    top: '<p>Typed in the CRM before the log</p>',
    bottom: '<p>Typed in the CRM after the log</p>',
    middle: (body) => body.replace('</ul>', '</ul><p>Typed between sections</p>'),
  },
  'text/markdown': {
    top: 'Typed in the CRM before the log\n\n',
    bottom: '\nTyped in the CRM after the log\n',
    middle: (body) => insertAfterLine(body, '**Result**: ', 'Typed between sections\n'),
  },
};

const withUserText = (format: LogFormat, body: string, middle = true): string => {
  const text = USER_TEXT[format];
  return text.top + (middle ? text.middle(body) : body) + text.bottom;
};

const REPLACEMENTS: Array<[string, CallLogBodyInput]> = [
  ['the agent note', { note: 'New note.\n\nSecond paragraph.' }],
  ['the session id', { sessionId: '999' }],
  ['the subject', { subject: 'Renamed call' }],
  [
    'the RingCentral number and contact number',
    {
      direction: 'Inbound',
      from: { ...JANE, phoneNumber: '+14155550199' },
      to: { ...AGENT, phoneNumber: '+16505550999', extensionNumber: '102' },
    },
  ],
  ['the date/time', { startTime: new Date('2024-12-24T23:59:59Z') }],
  ['the duration', { duration: 3723 }],
  ['the result', { result: 'Voicemail' }],
  ['a pending recording with its link', { recordingLink: 'https://media.example.com/rec/1' }],
  ['the voicemail link', { voicemailLink: 'https://media.example.com/vm/2' }],
  ['the AI note', { aiNote: 'Shorter AI note' }],
  ['the transcript', { transcript: 'Agent: Bye\nJane: Bye\nAgent: Thanks' }],
  ['the ACE transcript', { ringSenseTranscript: 'S1: new' }],
  ['the ACE summary', { ringSenseSummary: 'New summary.\nTwo lines.' }],
  ['the call score', { ringSenseAIScore: '9' }],
  ['the ACE bulleted summary', { ringSenseBulletedSummary: '* One\n* Two\n* Three\n- Four: x' }],
  ['the ACE link', { ringSenseLink: 'https://ace.example.com/r/2' }],
  [
    'the call journey',
    {
      legs: [
        { direction: 'Inbound', from: JANE, to: AGENT },
        { direction: 'Inbound', duration: 12, to: { name: 'Sales', extensionNumber: '200' } },
      ],
    },
  ],
  [
    'a manual edit (subject, note, times, result, parties)',
    {
      subject: 'Edited',
      note: 'Edited note',
      aiNote: 'Edited AI',
      transcript: 'Edited transcript',
      startTime: new Date('2024-06-01T12:00:00Z'),
      duration: 5,
      result: 'Missed',
      direction: 'Inbound',
      from: JANE,
      to: AGENT,
    },
  ],
];

const REPLACEMENT_CASES = REPLACEMENTS.flatMap(([name, update]) =>
  FORMATS.map((format) => ({ name, update, format })),
);

describe('upsertCallLogBody: replacing sections in place', () => {
  it.each(REPLACEMENT_CASES)('$name ($format)', ({ update, format }) => {
    const existing = withUserText(format, composeCallLogBody(FULL, opts(format)));
    const expected = withUserText(format, composeCallLogBody({ ...FULL, ...update }, opts(format)));
    expect(upsertCallLogBody(existing, update, opts(format))).toBe(expected);
  });

  it.each(REPLACEMENT_CASES)('is idempotent: $name ($format)', ({ update, format }) => {
    const existing = withUserText(format, composeCallLogBody(FULL, opts(format)));
    const once = upsertCallLogBody(existing, update, opts(format));
    expect(upsertCallLogBody(once, update, opts(format))).toBe(once);
  });
});

// Each case leaves the named fields out of the existing body and then upserts them.
const INSERTIONS: Array<[string, Array<keyof CallLogBodyInput>]> = [
  ['the agent note', ['note']],
  ['the session id', ['sessionId']],
  ['the subject', ['subject']],
  ['the RingCentral party (user name, number and extension)', ['to']],
  ['the contact number', ['from']],
  ['the date/time', ['startTime']],
  ['the duration', ['duration']],
  ['the result', ['result']],
  ['the recording link', ['recordingLink']],
  ['the voicemail link', ['voicemailLink']],
  ['the AI note', ['aiNote']],
  ['the transcript', ['transcript']],
  ['the ACE transcript', ['ringSenseTranscript']],
  ['the ACE summary', ['ringSenseSummary']],
  ['the call score', ['ringSenseAIScore']],
  ['the ACE bulleted summary', ['ringSenseBulletedSummary']],
  ['the ACE link', ['ringSenseLink']],
  ['the call journey', ['legs']],
  ['the recording and the AI note', ['recordingLink', 'aiNote']],
  [
    'every detail item (the first <ul> in HTML)',
    [
      'sessionId',
      'to',
      'from',
      'subject',
      'startTime',
      'duration',
      'result',
      'recordingLink',
      'voicemailLink',
      'ringSenseAIScore',
      'ringSenseLink',
    ],
  ],
  [
    'every block',
    [
      'aiNote',
      'transcript',
      'ringSenseTranscript',
      'ringSenseSummary',
      'ringSenseBulletedSummary',
      'legs',
    ],
  ],
  [
    'the note and every block',
    [
      'note',
      'aiNote',
      'transcript',
      'ringSenseTranscript',
      'ringSenseSummary',
      'ringSenseBulletedSummary',
      'legs',
    ],
  ],
];

const without = (fields: Array<keyof CallLogBodyInput>): CallLogBodyInput =>
  Object.fromEntries(
    Object.entries(FULL).filter(([key]) => !fields.includes(key as keyof CallLogBodyInput)),
  );
const only = (fields: Array<keyof CallLogBodyInput>): CallLogBodyInput => ({
  direction: FULL.direction,
  ...Object.fromEntries(
    Object.entries(FULL).filter(([key]) => fields.includes(key as keyof CallLogBodyInput)),
  ),
});

const INSERTION_CASES = INSERTIONS.flatMap(([name, fields]) =>
  FORMATS.map((format) => ({ name, fields, format })),
);

describe('upsertCallLogBody: inserting missing sections at their canonical position', () => {
  it.each(INSERTION_CASES)('$name ($format)', ({ fields, format }) => {
    const existing = withUserText(format, composeCallLogBody(without(fields), opts(format)), false);
    const expected = withUserText(format, composeCallLogBody(FULL, opts(format)), false);
    expect(existing).not.toBe(expected);
    expect(upsertCallLogBody(existing, only(fields), opts(format))).toBe(expected);
  });

  it.each(INSERTION_CASES)('is idempotent: $name ($format)', ({ fields, format }) => {
    const existing = withUserText(format, composeCallLogBody(without(fields), opts(format)), false);
    const once = upsertCallLogBody(existing, only(fields), opts(format));
    expect(upsertCallLogBody(once, only(fields), opts(format))).toBe(once);
  });

  it.each(FORMATS)('builds the composed body from an empty one (%s)', (format) => {
    expect(upsertCallLogBody('', FULL, opts(format))).toBe(composeCallLogBody(FULL, opts(format)));
  });

  it.each(FORMATS)('upserting a full update twice changes nothing more (%s)', (format) => {
    const once = upsertCallLogBody('', FULL, opts(format));
    expect(upsertCallLogBody(once, FULL, opts(format))).toBe(once);
  });

  it('inserts a new detail before user text that follows its predecessor (plain text)', () => {
    const existing = '- Note: n\n- Summary: s\nuser line\n- Result: r\n';
    expect(upsertCallLogBody(existing, { duration: 1 }, opts('text/plain'))).toBe(
      '- Note: n\n- Summary: s\n- Duration: 1 second\nuser line\n- Result: r\n',
    );
  });

  it.each<[LogFormat, string, string]>([
    ['text/plain', 'Only my own words', 'Only my own words\n- Note: hello\n'],
    [
      'text/html',
      '<p>Only my own words</p>',
      '<b>Agent notes</b><br>hello<br><br><b>Call details</b><br><p>Only my own words</p>',
    ],
    [
      'text/markdown',
      'Only my own words\n',
      '## Agent notes\nhello\n\n## Call details\nOnly my own words\n',
    ],
  ])('places a note in a body without managed sections (%s)', (format, existing, expected) => {
    expect(upsertCallLogBody(existing, { note: 'hello' }, opts(format))).toBe(expected);
  });

  it.each<[LogFormat, string, string]>([
    ['text/plain', 'Mine', 'Mine\n- Result: ok\n'],
    ['text/html', '<p>Mine</p>', '<p>Mine</p><ul><li><b>Result</b>: ok</li></ul>'],
    ['text/markdown', 'Mine', 'Mine\n**Result**: ok\n'],
  ])('appends details to a body without managed sections (%s)', (format, existing, expected) => {
    expect(upsertCallLogBody(existing, { result: 'ok' }, opts(format))).toBe(expected);
  });

  it('opens the <ul> before the first block when there is no note (HTML)', () => {
    const existing = composeCallLogBody({ aiNote: 'ai' }, opts('text/html'));
    expect(upsertCallLogBody(existing, { result: 'ok' }, opts('text/html'))).toBe(
      '<ul><li><b>Result</b>: ok</li></ul><div><b>AI Note</b><br>ai</div>',
    );
  });
});

describe('upsertCallLogBody: what is left alone', () => {
  it.each(FORMATS)('disabled sections are neither updated nor removed (%s)', (format) => {
    const existing = withUserText(format, composeCallLogBody(FULL, opts(format)));
    const update: CallLogBodyInput = {
      ...FULL,
      note: 'other',
      subject: 'other',
      aiNote: 'other',
      legs: [{ direction: 'Outbound', from: JANE }],
    };
    expect(upsertCallLogBody(existing, update, opts(format, settingsAll(false)))).toBe(existing);
  });

  it.each(FORMATS)('one disabled section keeps its old text while others update (%s)', (format) => {
    const existing = composeCallLogBody(FULL, opts(format));
    const settings = { ...ALL_ON, addCallLogAiNote: { value: false } };
    const updated = upsertCallLogBody(
      existing,
      { aiNote: 'new AI', result: 'Missed' },
      opts(format, settings),
    );
    expect(updated).toBe(composeCallLogBody({ ...FULL, result: 'Missed' }, opts(format)));
  });

  it.each(FORMATS)('empty strings count as absent (%s)', (format) => {
    const existing = withUserText(format, composeCallLogBody(FULL, opts(format)));
    const update: CallLogBodyInput = {
      note: '',
      subject: '',
      aiNote: '',
      transcript: '  ',
      recordingLink: '',
      voicemailLink: '',
      ringSenseLink: '',
      ringSenseBulletedSummary: '',
      legs: [],
    };
    expect(upsertCallLogBody(existing, update, opts(format))).toBe(existing);
  });

  it.each(FORMATS)('a note-only push leaves every other section alone (%s)', (format) => {
    const existing = withUserText(format, composeCallLogBody(FULL, opts(format)));
    const expected = withUserText(
      format,
      composeCallLogBody({ ...FULL, note: 'pushed' }, opts(format)),
    );
    expect(upsertCallLogBody(existing, { note: 'pushed' }, opts(format))).toBe(expected);
  });
});

describe('upsertCallLogBody: RingCentral user name', () => {
  const pending = { ...FULL, to: { ...AGENT, name: '(pending...)' } };

  it.each(FORMATS)('replaces it while it reads (pending...) (%s)', (format) => {
    const existing = composeCallLogBody(pending, opts(format));
    const update = { direction: 'Inbound' as const, to: AGENT };
    expect(upsertCallLogBody(existing, update, opts(format))).toBe(
      composeCallLogBody(FULL, opts(format)),
    );
  });

  it.each(FORMATS)('keeps a real name (%s)', (format) => {
    const existing = composeCallLogBody(FULL, opts(format));
    const update = { direction: 'Inbound' as const, to: { ...AGENT, name: 'Somebody Else' } };
    expect(upsertCallLogBody(existing, update, opts(format))).toBe(existing);
  });
});

describe('upsertCallLogBody: bodies changed by the CRM', () => {
  it.each<LogFormat>(['text/plain', 'text/markdown'])('accepts CRLF line breaks (%s)', (format) => {
    const existing = composeCallLogBody(FULL, opts(format)).replace(/\n/g, '\r\n');
    expect(upsertCallLogBody(existing, { result: 'Missed' }, opts(format))).toBe(
      composeCallLogBody({ ...FULL, result: 'Missed' }, opts(format)),
    );
  });

  it.each<LogFormat>(['text/plain', 'text/markdown'])(
    'keeps a trimmed final line break trimmed (%s)',
    (format) => {
      const existing = composeCallLogBody(FULL, opts(format)).trimEnd();
      const update = { legs: [{ direction: 'Inbound', to: { name: 'Desk' } }] };
      const once = upsertCallLogBody(existing, update, opts(format));
      expect(once).toBe(composeCallLogBody({ ...FULL, ...update }, opts(format)).trimEnd());
      expect(upsertCallLogBody(once, update, opts(format))).toBe(once);
    },
  );

  it('replaces a plain-text block whose end marker was deleted up to the next label', () => {
    const existing = '- AI Note:\nold line\nuser kept typing\n- Transcript:\nt\n--- END\n';
    expect(upsertCallLogBody(existing, { aiNote: 'new' }, opts('text/plain'))).toBe(
      '- AI Note:\nnew\n--- END\n- Transcript:\nt\n--- END\n',
    );
  });

  it('replaces a Markdown block written without the end marker up to the next structure line', () => {
    const existing = '**Result**: ok\n### AI Note\nold\nlines\n\n### Transcript\nA: hi\n\n';
    expect(upsertCallLogBody(existing, { aiNote: 'new' }, opts('text/markdown'))).toBe(
      '**Result**: ok\n### AI Note\nnew\n<!-- END -->\n\n### Transcript\nA: hi\n\n',
    );
  });

  it('keeps text typed right after a Markdown block, and a note cannot forge the end marker', () => {
    const forged = { aiNote: 'first\n<!-- END -->\nstill the note' };
    const body = upsertCallLogBody('', forged, opts('text/markdown')) + 'Typed after it\n';
    expect(body).toContain('\\<\\!\\-\\- END \\-\\-\\>\nstill the note\n<!-- END -->\n');
    const updated = upsertCallLogBody(body, { aiNote: 'replaced' }, opts('text/markdown'));
    expect(updated).toBe('### AI Note\nreplaced\n<!-- END -->\n\nTyped after it\n');
  });

  it('updates bodies of the existing server (bare <li>, <br> after blocks) in place', () => {
    const existing =
      '<b>Agent notes</b><br>old<br><br><b>Call details</b><br>' +
      '<li><b>Summary</b>: old subject</li><li><b>Call recording link</b>: (pending...)</li>' +
      '<div><b>AI Note</b><br>old ai</div><br>';
    const update = { note: 'new', recordingLink: 'https://m.example.com/r', aiNote: 'new ai' };
    expect(upsertCallLogBody(existing, update, opts('text/html'))).toBe(
      '<b>Agent notes</b><br>new<br><br><b>Call details</b><br>' +
        '<li><b>Summary</b>: old subject</li>' +
        '<li><b>Call recording link</b>: <a target="_blank" href="https://m.example.com/r">open</a></li>' +
        '<div><b>AI Note</b><br>new ai</div><br>',
    );
  });

  it('tolerates re-serialised <br/> tags and tag case (HTML)', () => {
    const existing =
      '<B>Agent notes</B><br/>old<br /><br/><b>Call details</b><BR>' +
      '<ul><LI><b>Result</b>: old</LI></ul>';
    expect(upsertCallLogBody(existing, { note: 'n', result: 'r' }, opts('text/html'))).toBe(
      '<b>Agent notes</b><br>n<br><br><b>Call details</b><br><ul><li><b>Result</b>: r</li></ul>',
    );
  });

  it.each(FORMATS)('repeated bulleted-summary updates never duplicate lines (%s)', (format) => {
    let body = composeCallLogBody(FULL, opts(format));
    for (const summary of ['* a\n* b', '* a\n* b\n* c', '* a\n* b\n* c']) {
      body = upsertCallLogBody(body, { ringSenseBulletedSummary: summary }, opts(format));
    }
    expect(body).toBe(
      composeCallLogBody({ ...FULL, ringSenseBulletedSummary: '* a\n* b\n* c' }, opts(format)),
    );
  });
});
