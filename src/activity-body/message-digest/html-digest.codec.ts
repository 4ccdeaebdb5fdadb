import {
  escapeHtml,
  escapeHtmlMultiline,
  safeHttpUrl,
  sanitizeText,
  toSingleLine,
} from '../log-body/index.js';
import { raiseCount, type DigestCodec, type EntryParts } from './digest-codec.js';

const BLOCK_OPEN = /<b>\s*Conversation\s*<\/b>/i;
const LIST_CLOSE = /<\/ul\s*>/i;
const COUNT = /(<b>\s*Messages\s*<\/b>\s*:\s*)(\d+)/i;

function attachment(label: string, link: string | undefined): string {
  const href = link ? safeHttpUrl(link) : undefined;
  const text = escapeHtml(toSingleLine(label));
  return href
    ? `<br>${text}: <a target="_blank" href="${escapeHtml(href)}">open</a>`
    : `<br>${text}`;
}

function entry(parts: EntryParts): string {
  const text = sanitizeText(parts.text).trim() || parts.placeholder;
  const attachments = parts.attachments.map((a) => attachment(a.label, a.link)).join('');
  return (
    `<li>${escapeHtml(toSingleLine(parts.time))} <b>${escapeHtml(toSingleLine(parts.sender))}</b>: ` +
    `${escapeHtmlMultiline(text)}${attachments}</li>`
  );
}

/** HTML: `<div><b>Label</b>: value</div>` header lines and a `Conversation` list of `<li>`s. */
export const htmlDigestCodec: DigestCodec = {
  normalize: (body) => body,

  header(conversation, count) {
    const line = (label: string, value: string | undefined) =>
      value?.trim() ? `<div><b>${label}</b>: ${escapeHtml(toSingleLine(value))}</div>` : '';
    return (
      line('Participants', conversation.participants.join(', ')) +
      line('Owner', conversation.owner) +
      line('Assignee', conversation.assignee) +
      `<div><b>Messages</b>: ${count}</div>`
    );
  },

  block: (entries) => `<div><b>Conversation</b><ul>${entries.join('')}</ul></div>`,

  entry,

  holds: (body, rendered) => body.includes(rendered),

  append(body, entries) {
    const open = BLOCK_OPEN.exec(body);
    const from = open ? open.index + open[0].length : -1;
    const close = open ? LIST_CLOSE.exec(body.slice(from)) : null;
    const next = close
      ? body.slice(0, from + close.index) + entries.join('') + body.slice(from + close.index)
      : body + this.block(entries);
    return raiseCount(next, COUNT, entries.length);
  },
};
