import {
  escapeMarkdown,
  markdownLinkDestination,
  safeHttpUrl,
  sanitizeText,
  toSingleLine,
  unescapeMarkdown,
} from './log-escape.js';
import {
  insertLinear,
  splitLines,
  type LocatedSection,
  type LogCodec,
  type ParsedBody,
} from './log-codec.js';
import { SECTION_SPECS, type SectionKey, type SectionSpec } from './log-sections.js';

const NOTE_HEADER = '## Agent notes';
const DETAILS_HEADER = '## Call details';
// Escaping keeps user lines from starting with `#` or `**`, so these lines are always structure.
const STRUCTURE_LINE = /^(?:#{1,6}(?:[ \t]|$)|\*\*[^*\n]+\*\*:)/;
const ITEM_LINE = /^\*\*([^*\n]+)\*\*:(?:[ \t]|$)/;
const BLOCK_HEADER = /^###[ \t]+(.+?)[ \t]*$/;
/** Closes a `###` block: an HTML comment renderers hide and escaped user text cannot produce. */
export const MARKDOWN_BLOCK_END = '<!-- END -->';

const itemKeyByLabel = new Map<string, SectionKey>(
  SECTION_SPECS.filter((spec) => spec.richShape === 'line').map((spec) => [spec.label, spec.key]),
);
const blockKeyByLabel = new Map<string, SectionKey>(
  SECTION_SPECS.filter((spec) => spec.richShape === 'block').map((spec) => [spec.label, spec.key]),
);

function lineKey(text: string): { key: SectionKey; block: boolean } | undefined {
  if (text.trimEnd() === NOTE_HEADER) return { key: 'note', block: true };
  const item = ITEM_LINE.exec(text)?.[1];
  const itemKey = item === undefined ? undefined : itemKeyByLabel.get(item);
  if (itemKey) return { key: itemKey, block: false };
  const block = BLOCK_HEADER.exec(text)?.[1];
  const blockKey = block === undefined ? undefined : blockKeyByLabel.get(block);
  return blockKey ? { key: blockKey, block: true } : undefined;
}

function renderValue(spec: SectionSpec, value: string): string {
  const text = toSingleLine(value);
  if (spec.link) {
    const href = safeHttpUrl(text);
    if (href) return `[open](${markdownLinkDestination(href)})`;
  }
  return escapeMarkdown(text);
}

/** Markdown; a block without its end marker (older bodies) runs to the next structure line. */
export const markdownCodec: LogCodec = {
  normalize: (body) => body.replace(/\r\n?/g, '\n'),

  renderNote: (note) =>
    `${NOTE_HEADER}\n${escapeMarkdown(sanitizeText(note).trim())}\n\n${DETAILS_HEADER}\n`,

  renderSection: (spec, value) =>
    spec.richShape === 'line'
      ? `**${spec.label}**: ${renderValue(spec, value)}\n`
      : `### ${spec.label}\n${escapeMarkdown(sanitizeText(value).trim())}\n${MARKDOWN_BLOCK_END}\n\n`,

  assemble: (note, sections) => (note ?? '') + sections.map((section) => section.text).join(''),

  parse(body): ParsedBody {
    const lines = splitLines(body);
    const found = new Map<SectionKey, LocatedSection>();
    let i = 0;
    while (i < lines.length) {
      const hit = lineKey(lines[i]!.text);
      if (!hit || found.has(hit.key)) {
        i += 1;
        continue;
      }
      let last = i;
      if (hit.block) {
        while (last + 1 < lines.length && !STRUCTURE_LINE.test(lines[last + 1]!.text)) {
          last += 1;
          if (hit.key !== 'note' && lines[last]!.text.trimEnd() === MARKDOWN_BLOCK_END) {
            if (lines[last + 1]?.text.trim() === '') last += 1;
            break;
          }
        }
        const next = lines[last + 1]?.text.trimEnd();
        if (hit.key === 'note' && next === DETAILS_HEADER) last += 1;
      }
      found.set(hit.key, { key: hit.key, start: lines[i]!.start, end: lines[last]!.end });
      i = last + 1;
    }
    return { sections: [...found.values()].sort((a, b) => a.start - b.start) };
  },

  noteText(sectionText) {
    const lines = sectionText.replace(/\n$/, '').split('\n').slice(1);
    if (lines[lines.length - 1]?.trimEnd() === DETAILS_HEADER) lines.pop();
    return unescapeMarkdown(lines.join('\n')).trim();
  },

  lineValue: (sectionText) =>
    unescapeMarkdown((sectionText.split('\n')[0] ?? '').replace(ITEM_LINE, '')).trim(),

  insert: (body, parsed, key, rendered) => insertLinear(body, parsed, key, rendered, 'start'),
};
