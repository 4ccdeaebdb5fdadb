import { digestAttachments, tokenFreeLink } from './attachment-links.js';

describe('tokenFreeLink', () => {
  it.each([
    ['https://media.example/a.png', 'https://media.example/a.png'],
    [
      'https://media.example/content?access_token=RC-SECRET&x=1',
      'https://media.example/content?x=1',
    ],
    ['https://media.example/content?accessToken=RC-SECRET', 'https://media.example/content'],
    ['https://media.example/content?ACCESS_TOKEN=RC-SECRET', 'https://media.example/content'],
    ['https://user:pass@media.example/a', 'https://media.example/a'],
    ['  http://media.example/a  ', 'http://media.example/a'],
    ['javascript:alert(1)', undefined],
    ['ftp://media.example/a', undefined],
    ['/relative/link', undefined],
    ['(pending...)', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (link, expected) => {
    expect(tokenFreeLink(link)).toBe(expected);
  });
});

describe('digestAttachments', () => {
  it('labels MMS media, fax documents and voicemail recordings, and skips the text part', () => {
    expect(
      digestAttachments([
        { type: 'Text', contentType: 'text/plain', link: 'https://media.example/t' },
        { type: 'MmsAttachment', contentType: 'image/png', link: 'https://media.example/i' },
        { type: 'MmsAttachment' },
        { type: 'RenderedDocument', link: 'https://app.example/fax?accessToken=RC-SECRET' },
        { type: 'AudioRecording', contentType: 'audio/mpeg', link: 'https://app.example/vm/1' },
      ]),
    ).toEqual([
      { label: 'Attachment (image/png)', link: 'https://media.example/i' },
      { label: 'Attachment', link: undefined },
      { label: 'Fax document', link: 'https://app.example/fax' },
      { label: 'Voicemail recording', link: 'https://app.example/vm/1' },
    ]);
    expect(digestAttachments(undefined)).toEqual([]);
  });
});
