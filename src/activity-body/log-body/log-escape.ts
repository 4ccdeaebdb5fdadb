import { decodeHTMLStrict } from 'entities';

// C0 and C1 controls except \t and \n (\r is turned into \n before this runs).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * Normalises line breaks to `\n` (CRLF, CR and the Unicode line/paragraph separators) and strips
 * every other control character except tab.
 */
export function sanitizeText(value: string): string {
  return value.replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(CONTROL_CHARS, '');
}

/** Sanitises and folds the value onto one trimmed line (for `Label: value` lines). */
export function toSingleLine(value: string): string {
  return sanitizeText(value)
    .replace(/[ \t]*\n[ \t]*/g, ' ')
    .trim();
}

/**
 * A plain-text line that the body parser treats as structure: a section label (`- Something:`)
 * or an end marker (`---…`).
 */
export const PLAIN_STRUCTURE_LINE = /^(?:-[ \t][^\n]*:|---)/;
const PLAIN_NEEDS_ESCAPE = /^ *(?:-[ \t][^\n]*:|---)/;
const PLAIN_ESCAPED = /^ (?= *(?:-[ \t][^\n]*:|---))/;

/**
 * Plain-text user content: sanitised, and every line that would read as a label or end marker
 * (even after leading spaces) gets one extra leading space, so the parser never mistakes it for
 * structure. {@link unescapePlainText} reverses it exactly.
 */
export function escapePlainText(value: string): string {
  return sanitizeText(value)
    .split('\n')
    .map((line) => (PLAIN_NEEDS_ESCAPE.test(line) ? ` ${line}` : line))
    .join('\n');
}

/** Inverse of {@link escapePlainText} (the sanitising aside). */
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

/** Escapes `& < > " '` (sanitising first); newlines stay newlines. */
export function escapeHtml(value: string): string {
  return sanitizeText(value).replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch);
}

/** Escapes for HTML and turns newlines into `<br>`. */
export function escapeHtmlMultiline(value: string): string {
  return escapeHtml(value).replace(/\n/g, '<br>');
}

/**
 * Turns an HTML fragment this library wrote (possibly re-serialised by a CRM) back into text:
 * `<br>` variants and the ends of paragraphs, divs and list items become newlines, other tags are
 * dropped, every HTML entity ending in `;` is decoded (`&nbsp;`, which editors put for spaces they
 * keep, as a plain space).
 */
export function htmlToText(html: string): string {
  return decodeHTMLStrict(
    html
      .replace(/<br\s*\/?>|<\/(?:p|div|li)\s*>/gi, '\n')
      .replace(/<[^>]*>/g, '')
      .replace(/&nbsp;/g, ' '),
  );
}

const MARKDOWN_SPECIAL = /[\\*_[\]()#+\-!|<>`~]/g;
/** `1. item` at a line's start (`1) item` is caught by the escaped `)`). */
const ORDERED_LIST_MARKER = /^([ \t]*\d{1,9})\.(?=[ \t]|$)/gm;
/** A line of `=` under text makes it a heading (setext). */
const SETEXT_UNDERLINE = /^([ \t]*)=/gm;
const MARKDOWN_ESCAPED = /\\([\\*_[\]()#+\-!|<>`~.=])/g;

/**
 * Sanitises and backslash-escapes ``\ * _ [ ] ( ) # + - ! | < > ` ~`` anywhere, and the `.` of an
 * ordered-list marker (`1. item`) and a `=` at a line's start, so no user text becomes a link,
 * heading, list, quote, code, emphasis or table (§8.4).
 */
export function escapeMarkdown(value: string): string {
  return sanitizeText(value)
    .replace(MARKDOWN_SPECIAL, '\\$&')
    .replace(ORDERED_LIST_MARKER, '$1\\.')
    .replace(SETEXT_UNDERLINE, '$1\\=');
}

/** Inverse of {@link escapeMarkdown} (the sanitising aside). */
export function unescapeMarkdown(value: string): string {
  return value.replace(MARKDOWN_ESCAPED, '$1');
}

/**
 * The value as a normalised absolute `http:`/`https:` URL, or undefined for anything else
 * (`javascript:`, `(pending...)`, relative or malformed values).
 */
export function safeHttpUrl(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Percent-encodes what would end or break a Markdown link destination. */
export function markdownLinkDestination(href: string): string {
  return href.replace(
    /[()<>\\\s`]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}
