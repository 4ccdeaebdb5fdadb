import { decodeHTMLStrict } from 'entities';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Normalises every line break to `\n` and strips other control characters except tab. */
export function sanitizeText(value: string): string {
  return value.replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(CONTROL_CHARS, '');
}

export function toSingleLine(value: string): string {
  return sanitizeText(value)
    .replace(/[ \t]*\n[ \t]*/g, ' ')
    .trim();
}

export const PLAIN_STRUCTURE_LINE = /^(?:-[ \t][^\n]*:|---)/;
const PLAIN_NEEDS_ESCAPE = /^ *(?:-[ \t][^\n]*:|---)/;
const PLAIN_ESCAPED = /^ (?= *(?:-[ \t][^\n]*:|---))/;

/** Indents by one space every user line that would read as a label or end marker; reversible. */
export function escapePlainText(value: string): string {
  return sanitizeText(value)
    .split('\n')
    .map((line) => (PLAIN_NEEDS_ESCAPE.test(line) ? ` ${line}` : line))
    .join('\n');
}

export function unescapePlainText(value: string): string {
  return value
    .split('\n')
    .map((line) => line.replace(PLAIN_ESCAPED, ''))
    .join('\n');
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return sanitizeText(value).replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch);
}

export function escapeHtmlMultiline(value: string): string {
  return escapeHtml(value).replace(/\n/g, '<br>');
}

/** Text of an HTML fragment this library wrote, possibly re-serialised by a CRM's editor. */
export function htmlToText(html: string): string {
  return decodeHTMLStrict(
    html
      .replace(/<br\s*\/?>|<\/(?:p|div|li)\s*>/gi, '\n')
      .replace(/<[^>]*>/g, '')
      .replace(/&nbsp;/g, ' '),
  );
}

const MARKDOWN_SPECIAL = /[\\*_[\]()#+\-!|<>`~]/g;
const ORDERED_LIST_MARKER = /^([ \t]*\d{1,9})\.(?=[ \t]|$)/gm;
const SETEXT_UNDERLINE = /^([ \t]*)=/gm;
const MARKDOWN_ESCAPED = /\\([\\*_[\]()#+\-!|<>`~.=])/g;

/** Backslash-escapes so no user text becomes Markdown structure, `1.` and setext `=` included. */
export function escapeMarkdown(value: string): string {
  return sanitizeText(value)
    .replace(MARKDOWN_SPECIAL, '\\$&')
    .replace(ORDERED_LIST_MARKER, '$1\\.')
    .replace(SETEXT_UNDERLINE, '$1\\=');
}

export function unescapeMarkdown(value: string): string {
  return value.replace(MARKDOWN_ESCAPED, '$1');
}

/** The value as an absolute http(s) URL, or undefined (`javascript:`, `(pending...)`, …). */
export function safeHttpUrl(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function markdownLinkDestination(href: string): string {
  return href.replace(
    /[()<>\\\s`]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}
