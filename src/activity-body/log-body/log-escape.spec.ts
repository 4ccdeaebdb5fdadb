import {
  escapeHtml,
  escapeHtmlMultiline,
  escapeMarkdown,
  escapePlainText,
  htmlToText,
  markdownLinkDestination,
  safeHttpUrl,
  sanitizeText,
  toSingleLine,
  unescapeMarkdown,
  unescapePlainText,
} from './log-escape.js';

describe('sanitizeText', () => {
  it.each([
    ['keeps tabs and newlines', 'a\tb\nc', 'a\tb\nc'],
    ['turns CRLF and CR into LF', 'a\r\nb\rc', 'a\nb\nc'],
    ['turns Unicode line separators into LF', 'a\u2028b\u2029c', 'a\nb\nc'],
    ['strips NUL, BEL, ESC, DEL and C1', 'a\u0000b\u0007c\u001b[31md\u007fe\u0085f', 'abc[31mdef'],
  ])('%s', (_case, input, expected) => {
    expect(sanitizeText(input)).toBe(expected);
  });
});

describe('toSingleLine', () => {
  it('folds lines into one trimmed line', () => {
    expect(toSingleLine('  first \n  second\r\nthird  ')).toBe('first second third');
  });
});

describe('escapePlainText', () => {
  it.each([
    ['ordinary text', 'hello: world', 'hello: world'],
    ['a label-like line', '- Note: fake', ' - Note: fake'],
    ['a label-like line with a tab', '-\tSummary: x', ' -\tSummary: x'],
    ['an already indented label-like line', '  - Result: x', '   - Result: x'],
    ['an end marker', '--- END', ' --- END'],
    ['a journey end marker', '--- JOURNEY END', ' --- JOURNEY END'],
    ['a dash line without colon', '- just a bullet', '- just a bullet'],
    ['only the offending lines', 'ok\n- A: b\n--- END\nfine', 'ok\n - A: b\n --- END\nfine'],
  ])('%s', (_case, input, expected) => {
    expect(escapePlainText(input)).toBe(expected);
  });

  it.each([
    '- Note: fake',
    ' - Note: already spaced',
    '   --- END',
    'plain\n- X: y\n\n--- JOURNEY END\n  ---',
    ' leading space kept',
  ])('round-trips %p', (text) => {
    expect(unescapePlainText(escapePlainText(text))).toBe(text);
  });
});

describe('HTML escaping', () => {
  it('escapes & < > " \'', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('turns newlines into <br> after escaping', () => {
    expect(escapeHtmlMultiline('a<b\nc')).toBe('a&lt;b<br>c');
  });

  it.each([
    [
      'entities',
      '&lt;b&gt; &amp;amp; &quot;q&quot; &#39;s&#39; &#x27;h&#x27; &nbsp;',
      "<b> &amp; \"q\" 's' 'h'  ",
    ],
    ['br variants', 'a<br>b<br/>c<BR />d', 'a\nb\nc\nd'],
    ['paragraph ends as newlines, other tags dropped', '<p>a</p><span>b</span>c', 'a\nbc'],
    [
      'every named entity',
      'caf&eacute; &mdash; it&rsquo;s&hellip; &copy; &euro;5 &Lt;',
      'café — it’s… © €5 ≪',
    ],
    ['an escaped entity once', '&amp;nbsp; &amp;eacute;', '&nbsp; &eacute;'],
    ['only entities ending in ";"', 'AT&T &copy 2024 &unknown;', 'AT&T &copy 2024 &unknown;'],
    ['an out-of-range code point as U+FFFD', '&#x110000;', '\uFFFD'],
  ])('htmlToText decodes %s', (_case, html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });

  it('round-trips escaped text', () => {
    const text = `<script>alert("x")</script> & 'q'\nline`;
    expect(htmlToText(escapeHtmlMultiline(text))).toBe(text);
  });
});

describe('Markdown escaping', () => {
  it('backslash-escapes every special character', () => {
    expect(escapeMarkdown('\\*_[]()#+-!|<>`')).toBe(
      '\\\\\\*\\_\\[\\]\\(\\)\\#\\+\\-\\!\\|\\<\\>\\`',
    );
  });

  it('neutralises a link', () => {
    expect(escapeMarkdown('[x](javascript:alert(1))')).toBe('\\[x\\]\\(javascript:alert\\(1\\)\\)');
  });

  it.each([
    ['an ordered list', '1. item', '1\\. item'],
    ['an ordered list after spaces, on a later line', 'a\n  12. b', 'a\n  12\\. b'],
    ['an ordered list with a parenthesis', '3) item', '3\\) item'],
    ['a bullet list', '- item\n+ item\n* item', '\\- item\n\\+ item\n\\* item'],
    ['a heading', '# heading', '\\# heading'],
    ['a quote', '> quote', '\\> quote'],
    ['a setext heading', 'title\n===', 'title\n\\==='],
    ['a code fence', '~~~\ncode', '\\~\\~\\~\ncode'],
    ['strikethrough', '~~gone~~', '\\~\\~gone\\~\\~'],
  ])('escapes %s at the start of a line', (_case, text, expected) => {
    expect(escapeMarkdown(text)).toBe(expected);
  });

  it.each(['12.5 kg', 'a = b', 'v1.2 released'])('leaves %p readable', (text) => {
    expect(escapeMarkdown(text)).toBe(text);
  });

  it.each([
    '[x](javascript:alert(1))',
    '**bold** # h\\n',
    'a\\*b',
    'plain',
    '1. item\n2) next\n  3. deep',
    'title\n===\n~~~',
    'a\\.b \\= c\n1\\. x',
  ])('round-trips %p', (text) => {
    expect(unescapeMarkdown(escapeMarkdown(text))).toBe(text);
  });
});

describe('safeHttpUrl', () => {
  it.each([
    ['https://media.example.com/rec/1', 'https://media.example.com/rec/1'],
    ['  HTTP://Example.com  ', 'http://example.com/'],
    ['https://x.test/a b"<c>', 'https://x.test/a%20b%22%3Cc%3E'],
    ['https:no-slashes.example', 'https://no-slashes.example/'],
    ['javascript:alert(1)', undefined],
    ['javascript://example.com/%0Aalert(1)', undefined],
    ['ftp://files.example.com/a', undefined],
    ['JaVaScRiPt:alert(1)', undefined],
    ['data:text/html,<script>', undefined],
    ['(pending...)', undefined],
    ['//evil.example/x', undefined],
    ['https://', undefined],
    ['', undefined],
  ])('%p → %p', (value, expected) => {
    expect(safeHttpUrl(value)).toBe(expected);
  });
});

describe('markdownLinkDestination', () => {
  it('percent-encodes characters that would end the destination', () => {
    expect(markdownLinkDestination('https://x.test/a(b)<c>`d\\e f')).toBe(
      'https://x.test/a%28b%29%3Cc%3E%60d%5Ce%20f',
    );
  });
});
