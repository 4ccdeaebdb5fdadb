import {
  escapeHtml,
  escapeHtmlMultiline,
  htmlToText,
  safeHttpUrl,
  sanitizeText,
} from './log-escape.js';
import {
  escapeRegExp,
  predecessorOf,
  successorOf,
  type LocatedSection,
  type LogCodec,
  type ParsedBody,
} from './log-codec.js';
import { SECTION_SPECS, type SectionKey, type SectionSpec } from './log-sections.js';

const BR = '<br\\s*/?>';
const NOTE_OPEN = new RegExp(`<b>\\s*Agent notes\\s*</b>\\s*(?:${BR})?`, 'i');
const NOTE_CLOSE = new RegExp(`${BR}\\s*${BR}\\s*<b>\\s*Call details\\s*</b>\\s*(?:${BR})?`, 'i');
const NOTE_FALLBACK_END = /<(?:ul|li|div)\b/i;

const itemSpecs = SECTION_SPECS.filter((spec) => spec.richShape === 'line');
const blockSpecs = SECTION_SPECS.filter((spec) => spec.richShape === 'block');

function labelIndex(specs: readonly SectionSpec[]): Map<string, SectionKey> {
  return new Map(
    specs.flatMap((spec) => spec.htmlLabels.map((label) => [label.toLowerCase(), spec.key])),
  );
}

const itemKeyByLabel = labelIndex(itemSpecs);
const blockKeyByLabel = labelIndex(blockSpecs);
const labelsPattern = (specs: readonly SectionSpec[]): string =>
  specs.flatMap((spec) => spec.htmlLabels.map(escapeRegExp)).join('|');
const ITEM_OPEN = new RegExp(`<li>\\s*<b>\\s*(${labelsPattern(itemSpecs)})\\s*</b>\\s*:`, 'gi');
const BLOCK_OPEN = new RegExp(`<div>\\s*<b>\\s*(${labelsPattern(blockSpecs)})\\s*</b>`, 'gi');
const itemKeys = new Set<SectionKey>(itemSpecs.map((spec) => spec.key));
const isItem = (key: SectionKey): boolean => itemKeys.has(key);
const NEVER = /(?!)/;

function endOf(body: string, from: number, closer: RegExp, fallback: RegExp): number {
  const rest = body.slice(from);
  const close = closer.exec(rest);
  if (close) return from + close.index + close[0].length;
  const next = fallback.exec(rest);
  return next ? from + next.index : body.length;
}

function collect(
  body: string,
  opener: RegExp,
  keys: Map<string, SectionKey>,
  closer: RegExp,
  fallback: RegExp,
  found: Map<SectionKey, LocatedSection>,
): void {
  opener.lastIndex = 0;
  for (let match = opener.exec(body); match; match = opener.exec(body)) {
    const key = keys.get((match[1] ?? '').toLowerCase());
    if (key === undefined || found.has(key)) continue;
    const end = endOf(body, match.index + match[0].length, closer, fallback);
    found.set(key, { key, start: match.index, end });
    opener.lastIndex = end;
  }
}

function parseHtml(body: string): ParsedBody {
  const found = new Map<SectionKey, LocatedSection>();
  const open = NOTE_OPEN.exec(body);
  if (open) {
    const from = open.index + open[0].length;
    const close = NOTE_CLOSE.exec(body.slice(from));
    const end = close
      ? from + close.index + close[0].length
      : endOf(body, from, NEVER, NOTE_FALLBACK_END);
    found.set('note', { key: 'note', start: open.index, end });
  }
  collect(body, ITEM_OPEN, itemKeyByLabel, /<\/li\s*>/i, /<li\b|<\/ul\s*>/i, found);
  collect(body, BLOCK_OPEN, blockKeyByLabel, /<\/div\s*>/i, NEVER, found);
  const sections = [...found.values()].sort((a, b) => a.start - b.start);
  const items = sections.filter((section) => isItem(section.key));
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return { sections };
  const openList = /<ul[^>]*>\s*$/i.exec(body.slice(0, first.start));
  const closeList = /^\s*<\/ul\s*>/i.exec(body.slice(last.end));
  return {
    sections,
    list: {
      start: openList ? openList.index : first.start,
      end: closeList ? last.end + closeList[0].length : last.end,
    },
  };
}

function insertHtml(body: string, parsed: ParsedBody, key: SectionKey, rendered: string): string {
  const at = (pos: number, text: string): string => body.slice(0, pos) + text + body.slice(pos);
  const note = parsed.sections.find((section) => section.key === 'note');
  const items = parsed.sections.filter((section) => isItem(section.key));
  const blocks = parsed.sections.filter(
    (section) => section.key !== 'note' && !isItem(section.key),
  );
  if (key === 'note') {
    const starts = [...(parsed.list ? [parsed.list.start] : []), ...blocks.map((b) => b.start)];
    return at(starts.length > 0 ? Math.min(...starts) : 0, rendered);
  }
  const group = isItem(key) ? items : blocks;
  const predecessor = predecessorOf(group, key);
  if (predecessor) return at(predecessor.end, rendered);
  const successor = successorOf(group, key);
  if (successor) return at(successor.start, rendered);
  if (isItem(key)) {
    const firstBlock = blocks.reduce<number | undefined>(
      (min, block) => (min === undefined ? block.start : Math.min(min, block.start)),
      undefined,
    );
    return at(note?.end ?? firstBlock ?? body.length, `<ul>${rendered}</ul>`);
  }
  return at(parsed.list?.end ?? note?.end ?? body.length, rendered);
}

function renderValue(spec: SectionSpec, value: string): string {
  const text = sanitizeText(value).trim();
  if (spec.link) {
    const href = safeHttpUrl(text);
    if (href) return `<a target="_blank" href="${escapeHtml(href)}">open</a>`;
  }
  return escapeHtmlMultiline(text);
}

/** HTML: the note header, detail items in one `<ul>`, then block `<div>`s. */
export const htmlCodec: LogCodec = {
  normalize: (body) => body,

  renderNote: (note) =>
    `<b>Agent notes</b><br>${escapeHtmlMultiline(sanitizeText(note).trim())}<br><br><b>Call details</b><br>`,

  renderSection(spec, value, input) {
    const label = spec.htmlLabelFor?.(input) ?? spec.htmlLabels[0] ?? spec.label;
    return spec.richShape === 'line'
      ? `<li><b>${label}</b>: ${renderValue(spec, value)}</li>`
      : `<div><b>${label}</b><br>${renderValue(spec, value)}</div>`;
  },

  assemble(note, sections) {
    const items = sections.filter((section) => section.spec.richShape === 'line');
    const blocks = sections.filter((section) => section.spec.richShape === 'block');
    const list = items.length > 0 ? `<ul>${items.map((item) => item.text).join('')}</ul>` : '';
    return (note ?? '') + list + blocks.map((block) => block.text).join('');
  },

  parse: parseHtml,

  noteText(sectionText) {
    const open = NOTE_OPEN.exec(sectionText);
    let inner = open ? sectionText.slice(open.index + open[0].length) : sectionText;
    const close = NOTE_CLOSE.exec(inner);
    if (close) inner = inner.slice(0, close.index);
    return htmlToText(inner).trim();
  },

  lineValue: (sectionText) =>
    htmlToText(
      sectionText.replace(/^<li>\s*<b>[\s\S]*?<\/b>\s*:/i, '').replace(/<\/li\s*>$/i, ''),
    ).trim(),

  insert: (body, parsed, key, rendered) => insertHtml(body, parsed, key, rendered),
};
