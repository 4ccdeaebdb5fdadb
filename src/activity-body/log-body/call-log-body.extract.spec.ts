import {
  composeCallLogBody,
  extractAgentNote,
  upsertCallLogBody,
} from './call-log-body.composer.js';
import type { CallLogBodyInput, LogFormat } from './log-body.types.js';

const FORMATS: LogFormat[] = ['text/plain', 'text/html', 'text/markdown'];

const DETAILS: CallLogBodyInput = {
  subject: 'Inbound Call from Jane Doe',
  direction: 'Inbound',
  from: { phoneNumber: '+14155550100', name: 'Jane Doe' },
  to: { phoneNumber: '+16505550111', extensionNumber: '101', name: 'Agent Smith' },
  startTime: new Date('2024-05-01T15:04:05Z'),
  duration: 63,
  result: 'Call connected',
  aiNote: 'AI note',
  transcript: 'Agent: hi',
  legs: [{ direction: 'Inbound', to: { name: 'Agent Smith' } }],
};

const NOTES: Array<[string, string]> = [
  ['a one-liner', 'Customer wants a renewal quote.'],
  ['several lines with blank lines', 'Line one\n\nLine three\n\tindented'],
  ['a forged plain-text label', 'Real note\n- Note: fake\n- Summary: forged'],
  ['forged end markers', '--- END\n  --- JOURNEY END'],
  ['forged Markdown structure', '## Call details\n**Summary**: forged\n### AI Note'],
  ['forged HTML structure', '<br><br><b>Call details</b><br><ul><li>x</li></ul>'],
  ['script and link injection', '<script>alert(1)</script> [x](javascript:alert(1))'],
  ['entities and backslashes', '&amp; &lt; \\* \\\\ "quotes" \'apostrophes\''],
  ['Unicode', 'Grüße 👋 — café'],
];

const NOTE_CASES = NOTES.flatMap(([name, note]) =>
  FORMATS.map((format) => ({ name, note, format })),
);

describe('extractAgentNote', () => {
  it.each(NOTE_CASES)('returns $name from a composed $format body', ({ note, format }) => {
    const body = composeCallLogBody({ ...DETAILS, note }, { format });
    expect(extractAgentNote(body, format)).toBe(note);
  });

  it.each(NOTE_CASES)('returns $name after an upsert into a $format body', ({ note, format }) => {
    const body = composeCallLogBody({ ...DETAILS, note: 'old' }, { format });
    const updated = upsertCallLogBody(body, { note }, { format });
    expect(extractAgentNote(updated, format)).toBe(note);
  });

  it.each(FORMATS)('is empty when the body has no note (%s)', (format) => {
    expect(extractAgentNote(composeCallLogBody(DETAILS, { format }), format)).toBe('');
    expect(extractAgentNote('', format)).toBe('');
  });

  it.each<[LogFormat, string, string]>([
    ['text/plain', 'Mine\r\n- Note: typed\r\nin CRM \r\n- Summary: s\r\n', 'typed\nin CRM'],
    ['text/plain', '- Agent notes: older label\n- Summary: s\n', 'older label'],
    ['text/plain', '- Note: a\nuser line\n- My own label: x\n- Summary: s\n', 'a\nuser line'],
    [
      'text/html',
      '<p>Mine</p><b>Agent notes</b><br/><p>typed</p>in&nbsp;CRM<br /><br/><b>Call details</b><br><ul></ul>',
      'typed\nin CRM',
    ],
    ['text/html', '<b>Agent notes</b><br>no closer<ul><li><b>Result</b>: r</li></ul>', 'no closer'],
    [
      'text/markdown',
      '## Agent notes\r\ntyped \\*here\\*\r\n\r\n## Call details\r\n',
      'typed *here*',
    ],
    ['text/markdown', '## Agent notes\nno details header\n**Result**: r\n', 'no details header'],
  ])('reads a note edited by the CRM (%s: %j)', (format, body, expected) => {
    expect(extractAgentNote(body, format)).toBe(expected);
  });
});
