import type { LogFormat } from '../log-body/index.js';
import {
  appendToMessageDigest,
  composeMessageDigest,
  messageDigestSubject,
} from './message-digest.composer.js';
import type { DigestConversation, DigestMessage } from './message-digest.types.js';

const FORMATS: LogFormat[] = ['text/plain', 'text/html', 'text/markdown'];
const LA = { timeZone: 'America/Los_Angeles' };

const inbound = (text: string, at: string, extra: Partial<DigestMessage> = {}): DigestMessage => ({
  direction: 'Inbound',
  sender: 'Jane Doe',
  text,
  creationTime: new Date(at),
  attachments: [],
  ...extra,
});
const outbound = (text: string, at: string, extra: Partial<DigestMessage> = {}): DigestMessage => ({
  ...inbound(text, at, extra),
  direction: 'Outbound',
  sender: 'Alice Example',
  ...extra,
});

const M1 = inbound('Hi, can you call me back?', '2024-05-01T15:04:05Z');
const M2 = outbound('Sure, here is the form.', '2024-05-01T15:10:00Z', {
  attachments: [{ label: 'Attachment (image/png)', link: 'https://media.example/a.png' }],
});
const M3 = inbound('Thank you', '2024-05-01T18:00:00Z');

const conversation = (
  messages: DigestMessage[],
  extra: Partial<DigestConversation> = {},
): DigestConversation => ({
  kind: 'sms',
  contactName: 'Jane Doe',
  participants: ['Jane Doe (+14155550100)', 'Alice Example'],
  messages,
  ...extra,
});

describe('composeMessageDigest: the three formats', () => {
  it('plain text: header lines, then the conversation block closed by --- END', () => {
    expect(composeMessageDigest(conversation([M1, M2]), { format: 'text/plain', ...LA })).toEqual({
      subject: 'SMS conversation with Jane Doe - 2024-05-01',
      body: [
        '- Participants: Jane Doe (+14155550100), Alice Example',
        '- Messages: 2',
        '- Conversation:',
        '2024-05-01 08:04:05 AM Jane Doe: Hi, can you call me back?',
        '2024-05-01 08:10:00 AM Alice Example: Sure, here is the form.',
        '  Attachment (image/png): https://media.example/a.png',
        '--- END',
        '',
      ].join('\n'),
    });
  });

  it('HTML: escaped header divs and one <li> per message in the Conversation list', () => {
    expect(composeMessageDigest(conversation([M1, M2]), { format: 'text/html', ...LA }).body).toBe(
      '<div><b>Participants</b>: Jane Doe (+14155550100), Alice Example</div>' +
        '<div><b>Messages</b>: 2</div>' +
        '<div><b>Conversation</b><ul>' +
        '<li>2024-05-01 08:04:05 AM <b>Jane Doe</b>: Hi, can you call me back?</li>' +
        '<li>2024-05-01 08:10:00 AM <b>Alice Example</b>: Sure, here is the form.' +
        '<br>Attachment (image/png): <a target="_blank" href="https://media.example/a.png">open</a></li>' +
        '</ul></div>',
    );
  });

  it('Markdown: bold header lines and a ### Conversation list', () => {
    expect(
      composeMessageDigest(conversation([M1, M2]), { format: 'text/markdown', ...LA }).body,
    ).toBe(
      [
        '**Participants**: Jane Doe \\(\\+14155550100\\), Alice Example',
        '**Messages**: 2',
        '',
        '### Conversation',
        // Times are escaped like every other value (the user's logDateFormat may hold literals).
        '- 2024\\-05\\-01 08:04:05 AM **Jane Doe**: Hi, can you call me back?',
        '- 2024\\-05\\-01 08:10:00 AM **Alice Example**: Sure, here is the form.',
        '  Attachment \\(image/png\\): [open](https://media.example/a.png)',
        '',
      ].join('\n'),
    );
  });

  it.each(FORMATS)('%s: shared SMS shows the owner and the assignee', (format) => {
    const { body } = composeMessageDigest(
      conversation([M1], { owner: 'Support queue', assignee: 'Agent Smith' }),
      { format, ...LA },
    );
    const text = body.replace(/<[^>]+>/g, '');
    expect(text).toMatch(/Owner\W+Support queue/);
    expect(text).toMatch(/Assignee\W+Agent Smith/);
    expect(body.indexOf('Owner')).toBeLessThan(body.indexOf('Conversation'));
  });

  it.each(FORMATS)('%s: no owner or assignee lines for a plain conversation', (format) => {
    const { body } = composeMessageDigest(conversation([M1]), { format, ...LA });
    expect(body).not.toMatch(/Owner|Assignee/);
  });
});

describe('messageDigestSubject', () => {
  it.each([
    ['sms', 'Inbound', 'SMS conversation with Jane Doe - 2024-05-01'],
    ['sms', 'Outbound', 'SMS conversation with Jane Doe - 2024-05-01'],
    ['fax', 'Inbound', 'Fax received from Jane Doe - 2024-05-01'],
    ['fax', 'Outbound', 'Fax sent to Jane Doe - 2024-05-01'],
    ['voicemail', 'Inbound', 'Voicemail left by Jane Doe - 2024-05-01'],
  ] as const)('%s %s → %s', (kind, direction, subject) => {
    const message = { ...M1, direction };
    expect(messageDigestSubject(conversation([message], { kind }), LA as never)).toBe(subject);
  });

  it("dates the subject in the user's zone, not UTC", () => {
    // 02:00 UTC on May 2nd is still May 1st in Los Angeles, already May 2nd in London.
    const late = inbound('x', '2024-05-02T02:00:00Z');
    const subject = (timeZone: string) =>
      messageDigestSubject(conversation([late]), { format: 'text/plain', timeZone });
    expect(subject('America/Los_Angeles')).toBe('SMS conversation with Jane Doe - 2024-05-01');
    expect(subject('Europe/London')).toBe('SMS conversation with Jane Doe - 2024-05-02');
    expect(messageDigestSubject(conversation([late]), { format: 'text/plain' })).toBe(
      'SMS conversation with Jane Doe - 2024-05-02',
    );
  });

  it('folds a contact name onto one line and names an unknown contact', () => {
    const subject = (contactName: string) =>
      messageDigestSubject(conversation([M1], { contactName }), { format: 'text/plain', ...LA });
    expect(subject('Jane\r\nDoe\u0007')).toBe('SMS conversation with Jane Doe - 2024-05-01');
    expect(subject('  ')).toBe('SMS conversation with unknown contact - 2024-05-01');
  });
});

describe('message times', () => {
  it.each([
    // DST starts in Los Angeles at 2024-03-10 02:00 local (10:00 UTC).
    ['2024-03-10T09:30:00Z', '2024-03-10 01:30:00 AM'],
    ['2024-03-10T10:30:00Z', '2024-03-10 03:30:00 AM'],
    // DST ends at 2024-11-03 02:00 local (09:00 UTC): 01:30 happens twice.
    ['2024-11-03T08:30:00Z', '2024-11-03 01:30:00 AM'],
    ['2024-11-03T09:30:00Z', '2024-11-03 01:30:00 AM'],
  ])('%s is %s in America/Los_Angeles', (at, local) => {
    const { body } = composeMessageDigest(conversation([inbound('x', at)]), {
      format: 'text/plain',
      ...LA,
    });
    expect(body).toContain(`${local} Jane Doe: x`);
  });

  it.each([
    [{ logDateFormat: { value: 'HH:mm' } }, '08:04 Jane Doe'],
    [{ logDateFormat: { value: 'D MMM YYYY h:mm a' } }, '1 May 2024 8:04 am Jane Doe'],
    [{ logDateFormat: { value: '' } }, '2024-05-01 08:04:05 AM Jane Doe'],
    [{ logDateFormat: { value: 42 } }, '2024-05-01 08:04:05 AM Jane Doe'],
  ])('honours logDateFormat %j', (settings, expected) => {
    const { body } = composeMessageDigest(conversation([M1]), {
      format: 'text/plain',
      settings,
      ...LA,
    });
    expect(body).toContain(expected);
  });
});

describe('message entries', () => {
  it.each([
    ['sms', [], '(no text)'],
    ['sms', [{ label: 'Attachment (image/jpeg)' }], '(attachment)'],
    ['fax', [{ label: 'Fax document', link: 'https://app.example/fax/1' }], '(fax)'],
    ['voicemail', [{ label: 'Voicemail recording' }], '(voicemail)'],
  ] as const)('%s without text reads %s', (kind, attachments, text) => {
    const message = inbound('  ', '2024-05-01T15:04:05Z', { attachments: [...attachments] });
    const { body } = composeMessageDigest(conversation([message], { kind }), {
      format: 'text/plain',
      ...LA,
    });
    expect(body).toContain(`Jane Doe: ${text}\n`);
  });

  it('shows an attachment without a link by its label only', () => {
    const message = inbound('see this', '2024-05-01T15:04:05Z', {
      attachments: [{ label: 'Attachment (video/mp4)' }],
    });
    const body = (format: LogFormat) =>
      composeMessageDigest(conversation([message]), { format, ...LA }).body;
    expect(body('text/plain')).toContain('see this\n  Attachment (video/mp4)\n--- END');
    expect(body('text/html')).toContain('see this<br>Attachment (video/mp4)</li>');
    expect(body('text/markdown')).toContain('see this\n  Attachment \\(video/mp4\\)\n');
  });

  it('keeps multi-line text inside its entry in every format', () => {
    const message = inbound('line one\r\nline two', '2024-05-01T15:04:05Z');
    const body = (format: LogFormat) =>
      composeMessageDigest(conversation([message]), { format, ...LA }).body;
    expect(body('text/plain')).toContain('Jane Doe: line one\n  line two\n--- END');
    expect(body('text/html')).toContain('Jane Doe</b>: line one<br>line two</li>');
    expect(body('text/markdown')).toContain('**Jane Doe**: line one\n  line two\n');
  });
});

describe('escaping untrusted text', () => {
  const evil = inbound(
    '<script>alert(1)</script> **bold** [x](javascript:alert(1))\n--- END\n- Messages: 99',
    '2024-05-01T15:04:05Z',
    {
      sender: '<img src=x onerror=alert(1)>',
      attachments: [
        { label: '<b>label</b>', link: 'javascript:alert(1)' },
        { label: 'quote', link: 'https://media.example/a"onmouseover="x' },
      ],
    },
  );
  const evilConversation = conversation([evil], { participants: ['<i>Jane</i> & co'] });
  const body = (format: LogFormat) =>
    composeMessageDigest(evilConversation, { format, ...LA }).body;

  it('HTML: no user markup survives, no javascript: link, quotes stay inside href', () => {
    const html = body('text/html');
    expect(html).not.toMatch(/<script|<img|<i>|<b>label/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;i&gt;Jane&lt;/i&gt; &amp; co');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('&lt;b&gt;label&lt;/b&gt;');
    expect(html).toContain('href="https://media.example/a%22onmouseover=%22x"');
  });

  it('Markdown: control characters are escaped, links only for http(s)', () => {
    const md = body('text/markdown');
    expect(md).toContain('\\*\\*bold\\*\\*');
    expect(md).toContain('\\[x\\]\\(javascript:alert\\(1\\)\\)');
    expect(md).not.toContain('](javascript');
    expect(md).toContain('\\<script\\>');
  });

  it('plain text: a message line cannot close the block or fake the count', () => {
    const plain = body('text/plain');
    expect(plain.match(/^--- END$/gm)).toHaveLength(1);
    expect(plain.match(/^- Messages: /gm)).toHaveLength(1);
    const { body: appended } = appendToMessageDigest(
      plain,
      'sms',
      [inbound('next', '2024-05-01T16:00:00Z')],
      { format: 'text/plain', ...LA },
    );
    expect(appended).toMatch(/next\n--- END\n$/);
    expect(appended).toContain('- Messages: 2\n');
  });
});

describe('appendToMessageDigest', () => {
  it.each(FORMATS)('%s: composing two then appending one equals composing three', (format) => {
    const options = { format, ...LA };
    const two = composeMessageDigest(conversation([M1, M2]), options).body;
    const three = composeMessageDigest(conversation([M1, M2, M3]), options).body;
    expect(appendToMessageDigest(two, 'sms', [M3], options)).toEqual({ body: three, added: 1 });
  });

  it.each(FORMATS)('%s: appending the same messages again changes nothing', (format) => {
    const options = { format, ...LA };
    const two = composeMessageDigest(conversation([M1, M2]), options).body;
    const once = appendToMessageDigest(two, 'sms', [M3], options).body;
    expect(appendToMessageDigest(once, 'sms', [M2, M3], options)).toEqual({
      body: once,
      added: 0,
    });
  });

  it.each([
    ['text/plain', 'Called back, all good.\n', '\nFollow-up booked (typed in the CRM)\n'],
    ['text/html', '<p>Called back, all good.</p>', '<p>Follow-up booked</p>'],
    ['text/markdown', 'Called back, all good.\n\n', '\nFollow-up booked (typed in the CRM)\n'],
  ] as const)(
    '%s: keeps text a user added before and after the digest',
    (format, before, after) => {
      const options = { format, ...LA };
      const two = composeMessageDigest(conversation([M1, M2]), options).body;
      const edited = before + two + after;
      const { body, added } = appendToMessageDigest(edited, 'sms', [M3], options);
      expect(added).toBe(1);
      expect(body.startsWith(before)).toBe(true);
      expect(body.endsWith(after)).toBe(true);
      expect(body).toContain('Thank you');
      expect(body.indexOf('Thank you')).toBeLessThan(body.indexOf(after.trim()));
      expect(body.replace(/<[^>]+>/g, '')).toMatch(/Messages\W+3/);
    },
  );

  it.each(FORMATS)('%s: starts a new block at the end when the user removed it', (format) => {
    const options = { format, ...LA };
    const { body, added } = appendToMessageDigest('Notes kept by the user', 'sms', [M3], options);
    expect(added).toBe(1);
    expect(body.startsWith('Notes kept by the user')).toBe(true);
    expect(body).toContain('Thank you');
    expect(body).toMatch(/Conversation/);
  });

  it('reads a plain-text body whose line breaks a CRM turned into CRLF', () => {
    const options = { format: 'text/plain' as const, ...LA };
    const two = composeMessageDigest(conversation([M1, M2]), options).body.replace(/\n/g, '\r\n');
    const { body } = appendToMessageDigest(two, 'sms', [M3], options);
    expect(body).toBe(composeMessageDigest(conversation([M1, M2, M3]), options).body);
  });

  it('appends to a Markdown body whose final line break a CRM trimmed', () => {
    const options = { format: 'text/markdown' as const, ...LA };
    const two = composeMessageDigest(conversation([M1, M2]), options).body.trimEnd();
    const { body, added } = appendToMessageDigest(two, 'sms', [M3], options);
    expect(added).toBe(1);
    expect(body).toBe(composeMessageDigest(conversation([M1, M2, M3]), options).body);
    expect(appendToMessageDigest(two, 'sms', [M2], options).added).toBe(0);
  });

  it('keeps two different messages that read alike but were sent at different times', () => {
    const options = { format: 'text/plain' as const, ...LA };
    const first = inbound('ok', '2024-05-01T15:04:05Z');
    const again = inbound('ok', '2024-05-01T15:04:06Z');
    const one = composeMessageDigest(conversation([first]), options).body;
    expect(appendToMessageDigest(one, 'sms', [again], options).added).toBe(1);
  });
});
